package io.tributary.asyncapi.codegen.operations;

import static io.tributary.asyncapi.codegen.operations.Snippets.CONFIG;
import static io.tributary.asyncapi.codegen.operations.Snippets.RUNTIME;
import static io.tributary.asyncapi.codegen.operations.Snippets.SYSTEM;

import io.tributary.asyncapi.codegen.types.PayloadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The publisher class of a send operation; with a reply (the requester's side of request/reply) it also
 * has {@code request} methods that complete with the validated reply.
 */
final class SendWriter {

  private static final String STAGE = "java.util.concurrent.CompletionStage";
  private static final String DURATION = "java.time.Duration";

  private SendWriter() {}

  static String publisher(String packageName, Plan plan) {
    String t = plan.payload().javaType();
    String c = plan.className();
    Optional<Plan.Reply> reply = plan.reply();
    String publisherType = RUNTIME + "Publisher<" + t + ">";
    String address = Snippets.effectiveAddress(plan);
    StringBuilder out = new StringBuilder(Snippets.packageLine(packageName));

    List<String> about = new ArrayList<>(Snippets.about(plan.op()));
    if (about.isEmpty()) {
      about.add("Publishes to " + Snippets.where(plan) + " " + JavaText.code(address) + ".");
    }
    about.add("Sends " + JavaText.code(t) + " payloads (" + plan.payload().encoding().name().toLowerCase(Locale.ROOT)
        + ") to " + Snippets.where(plan) + " " + JavaText.code(address) + " on the server "
        + JavaText.code(plan.server().id()) + "; a send completes when the broker acknowledged it. Create with "
        + "{@link #create}, close when done.");
    reply.ifPresent(r -> about.add(requestAbout(plan, r)));
    about.add(Snippets.generatedFrom(plan.op().pointer()));
    out.append(JavaText.javadoc("", about));
    out.append("public final class ").append(c)
        .append(" implements io.tributary.streams.describe.Describable, AutoCloseable {\n\n");
    out.append("  /** The address of the channel " + JavaText.doc(plan.op().channel().pointer())
        + (plan.params().isEmpty() ? "" : ", with parameters") + ". */\n");
    out.append("  public static final String ADDRESS = ").append(JavaText.literal(address)).append(";\n");
    out.append("  /** The server of the document: " + JavaText.doc(plan.server().pointer()) + ". */\n");
    out.append("  public static final String SERVERS = ").append(JavaText.literal(Snippets.serversValue(plan)))
        .append(";\n");
    reply.ifPresent(r -> replyConstants(out, r));
    out.append('\n');
    out.append("  private final ").append(publisherType).append(" publisher;\n");
    if (reply.isPresent()) {
      String requesterType = requesterType(plan, reply.get());
      out.append("  private final ").append(requesterType).append(" requester;\n\n");
      out.append("  private ").append(c).append("(").append(requesterType).append(" requester) {\n")
          .append("    this.requester = requester;\n    this.publisher = requester.publisher();\n  }\n\n");
    } else {
      out.append('\n');
      out.append("  private ").append(c).append("(").append(publisherType).append(" publisher) {\n")
          .append("    this.publisher = publisher;\n  }\n\n");
    }

    create(out, plan);
    out.append(Snippets.addressMethod(plan, "ADDRESS")).append('\n');
    reply.ifPresent(r -> replyDecoder(out, r));
    send(out, plan);
    reply.ifPresent(r -> request(out, plan, r));

    out.append("  /** @return the runtime publisher underneath */\n");
    out.append("  public ").append(publisherType).append(" publisher() {\n    return publisher;\n  }\n\n");
    reply.ifPresent(r -> out.append("  /** @return the runtime requester underneath */\n")
        .append("  public ").append(requesterType(plan, r)).append(" requester() {\n    return requester;\n  }\n\n"));
    out.append("  /** @return the channel this publisher sends to */\n");
    out.append("  @Override\n  public java.util.List<io.tributary.streams.describe.ChannelDescription> describe() {\n"
        + "    return publisher.describe();\n  }\n\n");
    if (reply.isPresent()) {
      out.append("  /** Fails the requests awaiting their reply, stops the reply inbox, then closes the publisher "
          + "(bounded). */\n");
      out.append("  @Override\n  public void close() {\n    requester.close();\n  }\n}\n");
    } else {
      out.append("  /** Stops taking sends and waits (bounded) until those in flight were acknowledged. */\n");
      out.append("  @Override\n  public void close() {\n    publisher.close();\n  }\n}\n");
    }
    return out.toString();
  }

  private static String requestAbout(Plan plan, Plan.Reply reply) {
    String r = reply.payload().javaType();
    String where = reply.address().map(a -> "the fixed reply address " + JavaText.code(a))
        .orElseGet(() -> (plan.protocol().equals("amqp") ? "a server-named queue of this publisher"
            : "an inbox subject of this publisher") + ", named in the request header "
            + JavaText.code(reply.header().orElseThrow()));
    return "A request/reply operation: {@link #request} sends a request and completes with its "
        + JavaText.code(r) + " reply"
        + (reply.payload().encoding() == PayloadType.Encoding.JSON ? ", validated against the reply message's schema"
            : "")
        + ". Replies arrive on " + where + "; a request carries a correlation id in the header {@code "
        + "Tributary-Correlation-Id}, which the replier copies onto its reply.";
  }

  private static String requesterType(Plan plan, Plan.Reply reply) {
    return RUNTIME + "Requester<" + plan.payload().javaType() + ", " + reply.payload().javaType() + ">";
  }

  private static void replyConstants(StringBuilder out, Plan.Reply reply) {
    reply.address().ifPresent(a -> {
      out.append("  /** Where the replies come: the address of the reply channel " + JavaText.doc(
          reply.channelPointer()) + ". */\n");
      out.append("  public static final String REPLY_ADDRESS = ").append(JavaText.literal(a)).append(";\n");
    });
    reply.header().ifPresent(h -> {
      out.append("  /** The request header that names where the reply goes (the reply's address.location). */\n");
      out.append("  public static final String REPLY_ADDRESS_HEADER = ").append(JavaText.literal(h)).append(";\n");
    });
    if (reply.payload().encoding() == PayloadType.Encoding.JSON) {
      out.append("  /** The reply payload's JSON Schema (draft-07), checked before a request completes. */\n");
      out.append("  private static final String REPLY_SCHEMA = ").append(JavaText.longLiteral(
          reply.payload().validationSchemaJson())).append(";\n");
    }
  }

  private static void create(StringBuilder out, Plan plan) {
    String c = plan.className();
    String serversDoc = Snippets.serversDoc(plan.protocol());
    boolean requests = plan.reply().isPresent();
    String settingsDefaults = RUNTIME + "PublisherSettings.defaults()";
    out.append(JavaText.javadoc("  ", List.of("Starts a publisher with the default bounds ({@link "
        + RUNTIME + "PublisherSettings#defaults()}" + (requests ? ", {@link " + RUNTIME
        + "RequesterSettings#defaults()}" : "") + ").", "@param system the actor system it runs on", serversDoc,
        "@return the publisher, running")));
    out.append("  public static ").append(c).append(" create(").append(SYSTEM).append(" system, String servers) {\n")
        .append("    return create(system, servers, ").append(settingsDefaults).append(");\n  }\n\n");
    List<String> doc = new ArrayList<>(List.of("Starts a publisher" + (requests ? " with the default bounds on "
        + "requests ({@link " + RUNTIME + "RequesterSettings#defaults()})." : "."),
        "@param system the actor system it runs on", serversDoc,
        "@param settings its bounds (sends in flight, how long a send waits for room)",
        "@return the publisher, running"));
    out.append(JavaText.javadoc("  ", doc));
    out.append("  public static ").append(c).append(" create(").append(SYSTEM).append(" system, String servers, ")
        .append(Snippets.publisherSettingsType()).append(" settings) {\n");
    if (!requests) {
      out.append("    return new ").append(c).append("(").append(Snippets.createPublisher(Snippets.Role.SEND,
              plan.protocol(), Optional.of(plan.op().channel()), "ADDRESS", plan.params().isEmpty(), plan.payload()))
          .append(");\n  }\n\n");
      return;
    }
    out.append("    return create(system, servers, settings, ").append(RUNTIME)
        .append("RequesterSettings.defaults());\n  }\n\n");
    Plan.Reply reply = plan.reply().get();
    out.append(JavaText.javadoc("  ", List.of("Starts a publisher and its reply inbox.",
        "@param system the actor system it runs on", serversDoc,
        "@param settings its bounds (sends in flight, how long a send waits for room)",
        "@param requests the bound on requests awaiting their reply and the default timeout",
        "@return the publisher, running, its reply inbox consuming")));
    out.append("  public static ").append(c).append(" create(").append(SYSTEM).append(" system, String servers, ")
        .append(Snippets.publisherSettingsType()).append(" settings,\n      ").append(RUNTIME)
        .append("RequesterSettings requests) {\n");
    out.append("    ").append(RUNTIME).append("Publisher<").append(plan.payload().javaType())
        .append("> publisher = ").append(Snippets.createPublisher(Snippets.Role.REQUEST, plan.protocol(),
            Optional.of(plan.op().channel()), "ADDRESS", plan.params().isEmpty(), plan.payload())).append(";\n");
    out.append("    try {\n");
    out.append("      return new ").append(c).append("(").append(RUNTIME)
        .append("Requester.create(system, publisher,\n")
        .append("          ").append(inbox(plan.protocol(), reply)).append(",\n")
        .append("          ").append(reply.header().isPresent() ? "java.util.Optional.of(REPLY_ADDRESS_HEADER)"
            : "java.util.Optional.empty()").append(", replyDecoder(), requests));\n");
    out.append("    } catch (RuntimeException e) {\n      publisher.closeAsync();\n      throw e;\n    }\n  }\n\n");
  }

  private static String inbox(String protocol, Plan.Reply reply) {
    if (protocol.equals("amqp")) {
      String connection = "io.tributary.connectors.amqp.AmqpConnectionSettings.fromConfig(" + CONFIG + ", servers)";
      return reply.address().isPresent()
          ? RUNTIME + "AmqpReplyInbox.fixed(" + connection + ", REPLY_ADDRESS)"
          : RUNTIME + "AmqpReplyInbox.serverNamed(" + connection + ")";
    }
    return reply.address().isPresent()
        ? RUNTIME + "NatsReplyInbox.fixed(servers, REPLY_ADDRESS, " + DURATION + ".ofSeconds(5))"
        : RUNTIME + "NatsReplyInbox.unique(servers, " + DURATION + ".ofSeconds(5))";
  }

  private static void replyDecoder(StringBuilder out, Plan.Reply reply) {
    String r = reply.payload().javaType();
    String expression = switch (reply.payload().encoding()) {
      case TEXT -> "io.tributary.streams.codec.PayloadDecoder.string()";
      case BYTES -> "io.tributary.streams.codec.PayloadDecoder.bytes()";
      case JSON -> "io.tributary.asyncapi.validation.ValidatingDecoder.of(\n"
          + "        io.tributary.asyncapi.validation.PayloadSchema.parse(REPLY_SCHEMA, "
          + JavaText.literal(reply.messageName()) + "), " + reply.payload().className().orElseThrow() + ".class)";
    };
    out.append(JavaText.javadoc("  ", List.of(reply.payload().encoding() == PayloadType.Encoding.JSON
        ? "@return the decoder of replies: parses, validates against the reply's schema, then maps"
        : "@return the decoder of replies")));
    out.append("  public static io.tributary.streams.codec.PayloadDecoder<").append(r).append("> replyDecoder() {\n")
        .append("    return ").append(expression).append(";\n  }\n\n");
  }

  private static void send(StringBuilder out, Plan plan) {
    String t = plan.payload().javaType();
    List<String> sendDoc = new ArrayList<>();
    sendDoc.add("Sends one payload" + (plan.params().isEmpty() ? "." : " to the address of these parameter values.")
        + (plan.reply().isPresent() ? " It awaits no reply (see {@link #request})." : ""));
    sendDoc.addAll(Snippets.paramDocs(plan));
    sendDoc.add("@param payload the payload");
    sendDoc.add("@return completes when the broker acknowledged it; fails with the broker's error, or with {@link "
        + RUNTIME + "PublishRejectedException} when the publisher is closed, failed or full too long");
    out.append(JavaText.javadoc("  ", sendDoc));
    out.append("  public ").append(STAGE).append("<org.apache.pekko.Done> send(").append(Snippets.paramDecls(plan))
        .append(t).append(" payload) {\n");
    out.append("    return publisher.send(").append(RUNTIME).append("Publication.of(address(")
        .append(Snippets.strip(Snippets.paramArgs(plan))).append("), payload));\n  }\n\n");

    out.append(JavaText.javadoc("  ", List.of("Sends one publication: its own address (see {@link #address}), key "
        + "and headers.", "@param publication what to send", "@return completes when the broker acknowledged it")));
    out.append("  public ").append(STAGE).append("<org.apache.pekko.Done> send(").append(RUNTIME)
        .append("Publication<").append(t).append("> publication) {\n    return publisher.send(publication);\n  }\n\n");
  }

  private static void request(StringBuilder out, Plan plan, Plan.Reply reply) {
    String t = plan.payload().javaType();
    String r = reply.payload().javaType();
    String stage = STAGE + "<" + r + ">";
    String decls = Snippets.paramDecls(plan);
    String publication = RUNTIME + "Publication.of(address(" + Snippets.strip(Snippets.paramArgs(plan))
        + "), payload)";
    String fails = "fails with {@link " + RUNTIME + "ReplyTimeoutException} when no reply came in time, {@link "
        + RUNTIME + "InvalidReplyException} (with the violations) when the reply is invalid, the publisher's error "
        + "when the request was not sent, {@link " + RUNTIME + "PublishRejectedException} when the requester is "
        + "full or closed";

    List<String> doc = new ArrayList<>();
    doc.add("Sends a request" + (plan.params().isEmpty() ? "" : " to the address of these parameter values")
        + " and waits (without blocking) for its reply, at most the requester's timeout ({@link " + RUNTIME
        + "RequesterSettings#timeout()}).");
    doc.addAll(Snippets.paramDocs(plan));
    doc.add("@param payload the request's payload");
    doc.add("@return completes with the reply's payload; " + fails);
    out.append(JavaText.javadoc("  ", doc));
    out.append("  public ").append(stage).append(" request(").append(decls).append(t).append(" payload) {\n")
        .append("    return requester.request(").append(publication).append(");\n  }\n\n");

    doc = new ArrayList<>();
    doc.add("Sends a request" + (plan.params().isEmpty() ? "" : " to the address of these parameter values")
        + " and waits (without blocking) at most {@code timeout} for its reply.");
    doc.addAll(Snippets.paramDocs(plan));
    doc.add("@param payload the request's payload");
    doc.add("@param timeout how long to wait for the reply");
    doc.add("@return completes with the reply's payload; " + fails);
    out.append(JavaText.javadoc("  ", doc));
    out.append("  public ").append(stage).append(" request(").append(decls).append(t).append(" payload, ")
        .append(DURATION).append(" timeout) {\n")
        .append("    return requester.request(").append(publication).append(", timeout);\n  }\n\n");

    out.append(JavaText.javadoc("  ", List.of("Sends one request publication (its own address, key and headers) "
        + "and waits at most the requester's timeout for its reply.", "@param publication the request",
        "@return completes with the reply's payload; " + fails)));
    out.append("  public ").append(stage).append(" request(").append(RUNTIME).append("Publication<").append(t)
        .append("> publication) {\n    return requester.request(publication);\n  }\n\n");

    out.append(JavaText.javadoc("  ", List.of("Sends one request publication (its own address, key and headers) "
        + "and waits at most {@code timeout} for its reply.", "@param publication the request",
        "@param timeout how long to wait for the reply", "@return completes with the reply's payload; " + fails)));
    out.append("  public ").append(stage).append(" request(").append(RUNTIME).append("Publication<").append(t)
        .append("> publication, ").append(DURATION).append(" timeout) {\n")
        .append("    return requester.request(publication, timeout);\n  }\n\n");
  }
}
