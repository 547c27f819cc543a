package io.tributary.asyncapi.codegen.operations;

import static io.tributary.asyncapi.codegen.operations.Snippets.CONFIG;
import static io.tributary.asyncapi.codegen.operations.Snippets.RUNTIME;
import static io.tributary.asyncapi.codegen.operations.Snippets.SYSTEM;

import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.types.PayloadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The handler interface and the runner factory of a receive operation. */
final class ReceiveWriter {

  private static final String PROCESSING = "io.tributary.streams.processing.ProcessingSettings";

  private ReceiveWriter() {}

  /** @return the source of {@code <Op>Handler} */
  static String handler(String packageName, Plan plan) {
    String t = plan.payload().javaType();
    String r = plan.reply().map(reply -> reply.payload().javaType()).orElse("Void");
    List<String> about = new ArrayList<>();
    about.add("Handles the messages of the operation " + JavaText.code(plan.op().id()) + ": " + JavaText.code(t)
        + " payloads from " + Snippets.where(plan) + " " + JavaText.code(Snippets.effectiveAddress(plan))
        + ". Start it with {@link " + plan.className() + "#start}.");
    about.addAll(Snippets.about(plan.op()));
    about.add(Snippets.generatedFrom(plan.op().pointer()));
    List<String> method = new ArrayList<>();
    method.add("Handles one message. The message is acknowledged when the returned stage completed"
        + plan.reply().map(reply -> " and its reply was acknowledged by the broker").orElse("")
        + "; a failed stage is retried, then dead-lettered, as the runner's processing settings say.");
    method.add("@param payload the payload, valid against the message's schema");
    method.add("@param metadata the message's key, headers, timestamp and position");
    method.add(plan.reply().isPresent()
        ? "@return the reply's payload, sent to " + replyWhere(plan.reply().get())
        : "@return completes when the message is handled");
    return Snippets.packageLine(packageName)
        + JavaText.javadoc("", about)
        + "@FunctionalInterface\n"
        + "public interface " + plan.className() + "Handler {\n\n"
        + JavaText.javadoc("  ", method)
        + "  java.util.concurrent.CompletionStage<" + r + "> handle(" + t + " payload, " + RUNTIME
        + "MessageMetadata metadata);\n}\n";
  }

  private static String replyWhere(Plan.Reply reply) {
    return reply.address().map(a -> "the address " + JavaText.code(a))
        .orElseGet(() -> "the address in the request's header " + JavaText.code(reply.header().orElseThrow()));
  }

  /** @return the source of {@code <Op>}, the factory of the runner */
  static String factory(String packageName, Plan plan) {
    String t = plan.payload().javaType();
    String c = plan.className();
    String runner = runnerType(plan.protocol()) + "<" + t + ">";
    String settings = settingsType(plan.protocol()) + "<" + t + ">";
    String address = Snippets.effectiveAddress(plan);
    StringBuilder out = new StringBuilder(Snippets.packageLine(packageName));

    List<String> about = new ArrayList<>(Snippets.about(plan.op()));
    if (about.isEmpty()) {
      about.add("Receives from " + Snippets.where(plan) + " " + JavaText.code(address) + ".");
    }
    about.add("Starts the " + plan.protocol() + " runner of the operation " + JavaText.code(plan.op().id()) + ": "
        + JavaText.code(t) + " payloads from " + Snippets.where(plan) + " " + JavaText.code(address)
        + " on the server " + JavaText.code(plan.server().id()) + ", handed to a {@link " + c + "Handler}. "
        + (plan.payload().encoding() == PayloadType.Encoding.JSON
        ? "Each payload is validated against the message's schema first: an invalid one is dead-lettered "
            + "with its violations and never handled."
        : "Payloads are " + plan.payload().encoding().name().toLowerCase(Locale.ROOT) + "; nothing is validated.")
        + plan.reply().map(reply -> " The handler's reply is sent to " + replyWhere(reply) + ", with the request's "
            + "key and correlation id (header {@code Tributary-Correlation-Id}"
            + (plan.protocol().equals("amqp") ? ", or the AMQP {@code correlation_id} property" : "") + ").")
            .orElse(""));
    about.add(notes(plan));
    about.add(Snippets.generatedFrom(plan.op().pointer()));
    out.append(JavaText.javadoc("", about));
    out.append("public final class ").append(c).append(" {\n\n");
    constants(out, plan, address);
    out.append("  private ").append(c).append("() {}\n\n");
    out.append(Snippets.addressMethod(plan, "ADDRESS")).append('\n');
    decoder(out, plan);
    start(out, plan, runner, settings);
    settingsMethod(out, plan, settings);
    plan.reply().ifPresent(reply -> replyMethods(out, plan, reply));
    return out.append("}\n").toString();
  }

  private static String notes(Plan plan) {
    ChannelModel channel = plan.op().channel();
    return switch (plan.protocol()) {
      case "kafka" -> "The consumer group is {@link #GROUP_ID}; dead letters go to the topic plus "
          + plan.deadLetterAddress().map(d -> "{@link #DEAD_LETTER_SUFFIX}").orElse("the configured suffix (.dlq)")
          + ".";
      case "amqp" -> Bindings.amqpIsRoutingKey(channel)
          ? "The channel is the exchange " + JavaText.code(Bindings.amqpExchange(channel)) + ": the runner "
              + "consumes the durable queue {@link #QUEUE}, named after the operation, bound to it with the "
              + "address as routing key (declared on start)."
          : "The queue is declared on start (durable unless the channel's binding says otherwise).";
      default -> "The runner is the durable JetStream consumer {@link #DURABLE} of the stream {@link #STREAM} "
          + "(created with the channel's subjects when it is missing), filtered to the address.";
    };
  }

  private static void constants(StringBuilder out, Plan plan, String address) {
    ChannelModel channel = plan.op().channel();
    out.append("  /** The address of the channel " + JavaText.doc(channel.pointer())
        + (plan.params().isEmpty() ? "" : ", with parameters") + ". */\n");
    out.append("  public static final String ADDRESS = ").append(JavaText.literal(address)).append(";\n");
    out.append("  /** The server of the document: " + JavaText.doc(plan.server().pointer()) + ". */\n");
    out.append("  public static final String SERVERS = ").append(JavaText.literal(Snippets.serversValue(plan)))
        .append(";\n");
    switch (plan.protocol()) {
      case "kafka" -> {
        out.append("  /** The consumer group. */\n");
        out.append("  public static final String GROUP_ID = ")
            .append(JavaText.literal(Bindings.kafkaGroupId(plan.op()))).append(";\n");
      }
      case "amqp" -> {
        if (Bindings.amqpIsRoutingKey(channel)) {
          out.append("  /** The exchange of the channel. */\n");
          out.append("  public static final String EXCHANGE = ")
              .append(JavaText.literal(Bindings.amqpExchange(channel))).append(";\n");
          out.append("  /** The queue the runner consumes, bound to the exchange with the address. */\n");
          out.append("  public static final String QUEUE = ").append(JavaText.literal(plan.op().id())).append(";\n");
        }
      }
      default -> {
        out.append("  /** The JetStream stream. */\n");
        out.append("  public static final String STREAM = ").append(JavaText.literal(Bindings.natsStream(channel)
            .orElse(Bindings.streamNameOf(plan.address())))).append(";\n");
        out.append("  /** The durable consumer. */\n");
        out.append("  public static final String DURABLE = ").append(JavaText.literal(Bindings.natsDurable(plan.op())))
            .append(";\n");
        out.append("  /** The subjects a stream created on start captures. */\n");
        out.append("  public static final String STREAM_SUBJECTS = ")
            .append(JavaText.literal(plan.address().replaceAll("\\{[^}]*}", "*"))).append(";\n");
      }
    }
    plan.deadLetterAddress().ifPresent(dlq -> {
      if (plan.protocol().equals("nats")) {
        out.append("  /** Where dead letters go (the document's dead-letter channel). */\n");
        out.append("  public static final String DEAD_LETTER_SUBJECT = ").append(JavaText.literal(dlq)).append(";\n");
      } else {
        out.append("  /** Dead letters go to the address plus this suffix (the document's dead-letter channel). */\n");
        out.append("  public static final String DEAD_LETTER_SUFFIX = ")
            .append(JavaText.literal(dlq.substring(plan.address().length()))).append(";\n");
      }
    });
    if (plan.payload().encoding() == PayloadType.Encoding.JSON) {
      out.append("  /** The payload's JSON Schema (draft-07), checked before a payload is handled. */\n");
      out.append("  private static final String SCHEMA = ").append(JavaText.longLiteral(
          plan.payload().validationSchemaJson())).append(";\n");
    }
    plan.reply().ifPresent(reply -> reply.address().ifPresent(a -> {
      out.append("  /** Where replies go. */\n");
      out.append("  public static final String REPLY_ADDRESS = ").append(JavaText.literal(a)).append(";\n");
    }));
    out.append('\n');
  }

  private static void decoder(StringBuilder out, Plan plan) {
    String t = plan.payload().javaType();
    String expression = switch (plan.payload().encoding()) {
      case TEXT -> "io.tributary.streams.codec.PayloadDecoder.string()";
      case BYTES -> "io.tributary.streams.codec.PayloadDecoder.bytes()";
      case JSON -> "io.tributary.asyncapi.validation.ValidatingDecoder.of(\n"
          + "        io.tributary.asyncapi.validation.PayloadSchema.parse(SCHEMA, " + JavaText.literal(plan.messageName())
          + "), " + plan.payload().className().orElseThrow() + ".class)";
    };
    out.append(JavaText.javadoc("  ", List.of(plan.payload().encoding() == PayloadType.Encoding.JSON
        ? "@return the decoder of payloads: parses, validates against the schema, then maps"
        : "@return the decoder of payloads")));
    out.append("  public static io.tributary.streams.codec.PayloadDecoder<").append(t).append("> decoder() {\n")
        .append("    return ").append(expression).append(";\n  }\n\n");
  }

  private static void start(StringBuilder out, Plan plan, String runner, String settings) {
    String c = plan.className();
    String decls = Snippets.paramDecls(plan);
    String args = Snippets.paramArgs(plan);
    List<String> doc = new ArrayList<>();
    doc.add("Starts the runner with the default processing settings and the connector's settings from the "
        + "system's config; stop it with its graceful stop (e.g. {@code registerShutdown}).");
    doc.add("@param system the actor system it runs on");
    doc.add(Snippets.serversDoc(plan.protocol()));
    doc.addAll(Snippets.paramDocs(plan));
    doc.add("@param handler handles each valid message");
    doc.add("@return the runner, consuming");
    out.append(JavaText.javadoc("  ", doc));
    out.append("  public static ").append(runner).append(" start(").append(SYSTEM).append(" system, String servers, ")
        .append(decls).append(c).append("Handler handler) {\n");
    out.append("    return start(system, servers, ").append(args).append(PROCESSING)
        .append(".defaults(), java.util.function.UnaryOperator.identity(), handler);\n  }\n\n");

    doc = new ArrayList<>();
    doc.add("Starts the runner.");
    doc.add("@param system the actor system it runs on");
    doc.add(Snippets.serversDoc(plan.protocol()));
    doc.addAll(Snippets.paramDocs(plan));
    doc.add("@param processing ordering, parallelism, retries and failure policy of the handler");
    doc.add("@param customize changes the connector's settings (of {@link #settings}) before the start");
    doc.add("@param handler handles each valid message");
    doc.add("@return the runner, consuming");
    out.append(JavaText.javadoc("  ", doc));
    out.append("  public static ").append(runner).append(" start(").append(SYSTEM).append(" system, String servers, ")
        .append(decls).append(PROCESSING).append(" processing,\n      java.util.function.UnaryOperator<")
        .append(settings).append("> customize, ").append(c).append("Handler handler) {\n");
    out.append("    ").append(settings).append(" settings = customize.apply(settings(system, servers")
        .append(args.isEmpty() ? "" : ", " + Snippets.strip(args)).append("));\n");
    String runnerClass = runnerType(plan.protocol());
    if (plan.reply().isEmpty()) {
      out.append("    return ").append(runnerClass).append(".start(system, settings, processing,\n")
          .append("        envelope -> handler.handle(envelope.payload(), ").append(RUNTIME)
          .append("MessageMetadata.of(envelope)));\n  }\n\n");
      return;
    }
    String r = plan.reply().get().payload().javaType();
    out.append("    ").append(RUNTIME).append("Publisher<").append(r).append("> replies = replies(system, servers);\n");
    out.append("    try {\n");
    out.append("      ").append(runner).append(" runner = ").append(runnerClass)
        .append(".start(system, settings, processing,\n")
        .append("          envelope -> handler.handle(envelope.payload(), ").append(RUNTIME)
        .append("MessageMetadata.of(envelope))\n")
        .append("              .thenCompose(reply -> replies.send(reply(envelope, reply))));\n");
    out.append("      runner.completion().whenComplete((done, error) -> replies.closeAsync());\n");
    out.append("      return runner;\n");
    out.append("    } catch (RuntimeException e) {\n      replies.closeAsync();\n      throw e;\n    }\n  }\n\n");
  }

  private static void settingsMethod(StringBuilder out, Plan plan, String settings) {
    ChannelModel channel = plan.op().channel();
    String args = Snippets.strip(Snippets.paramArgs(plan));
    List<String> doc = new ArrayList<>();
    doc.add("The connector's settings of the runner, from the system's config (defaults of {@code reference.conf}),"
        + " without starting it: to describe or change them.");
    doc.add("@param system the actor system whose config applies");
    doc.add(Snippets.serversDoc(plan.protocol()));
    doc.addAll(Snippets.paramDocs(plan));
    doc.add("@return the settings");
    out.append(JavaText.javadoc("  ", doc));
    out.append("  public static ").append(settings).append(" settings(").append(SYSTEM).append(" system, String servers")
        .append(plan.params().isEmpty() ? "" : ", " + Snippets.strip(Snippets.paramDecls(plan))).append(") {\n");
    String dlqSuffix = plan.deadLetterAddress().isPresent() ? "\n        .withDeadLetterSuffix(DEAD_LETTER_SUFFIX)" : "";
    switch (plan.protocol()) {
      case "kafka" -> out.append("    return ").append(settingsType("kafka")).append(".fromConfig(").append(CONFIG)
          .append(", servers, GROUP_ID,\n        java.util.List.of(address(").append(args).append(")), decoder())")
          .append(dlqSuffix).append(";\n");
      case "amqp" -> {
        String amqp = "io.tributary.connectors.amqp.AmqpDeclaration";
        if (Bindings.amqpIsRoutingKey(channel)) {
          Optional<String> type = Bindings.amqpExchangeType(channel);
          out.append("    return ").append(settingsType("amqp")).append(".fromConfig(").append(CONFIG)
              .append(", servers, QUEUE, decoder())\n        .withDeclarations(")
              .append(type.map(x -> amqp + ".exchange(EXCHANGE, " + JavaText.literal(x) + ").withDurable("
                  + Bindings.amqpFlag(channel, "exchange", "durable", true) + ").withAutoDelete("
                  + Bindings.amqpFlag(channel, "exchange", "autoDelete", false) + "),\n            ").orElse(""))
              .append(amqp).append(".queue(QUEUE),\n            ").append(amqp)
              .append(".binding(QUEUE, EXCHANGE, address(").append(args).append(")))").append(dlqSuffix).append(";\n");
        } else {
          out.append("    String queue = address(").append(args).append(");\n");
          out.append("    return ").append(settingsType("amqp")).append(".fromConfig(").append(CONFIG)
              .append(", servers, queue, decoder())\n        .withDeclarations(")
              .append(Snippets.queueDeclaration(channel, "queue")).append(")").append(dlqSuffix).append(";\n");
        }
      }
      default -> {
        out.append("    String subject = address(").append(args).append(");\n");
        out.append("    return ").append(settingsType("nats")).append(".fromConfig(").append(CONFIG)
            .append(", servers, STREAM,\n        ")
            .append(plan.params().isEmpty() ? "DURABLE" : "DURABLE + \"-\" + subject.replaceAll(\"[^A-Za-z0-9_-]\", \"_\")")
            .append(", decoder())\n        .withFilterSubject(subject).withCreateStream(STREAM_SUBJECTS)")
            .append(plan.deadLetterAddress().isPresent() ? "\n        .withDeadLetterSubject(DEAD_LETTER_SUBJECT)" : "")
            .append(";\n");
      }
    }
    out.append("  }\n\n");
  }

  private static void replyMethods(StringBuilder out, Plan plan, Plan.Reply reply) {
    String t = plan.payload().javaType();
    String r = reply.payload().javaType();
    String publication = RUNTIME + "Publication<" + r + ">";
    out.append("  /** @return the publisher of replies, with the default bounds */\n");
    out.append("  private static ").append(RUNTIME).append("Publisher<").append(r).append("> replies(").append(SYSTEM)
        .append(" system, String servers) {\n");
    out.append("    ").append(Snippets.publisherSettingsType()).append(" settings = ").append(RUNTIME)
        .append("PublisherSettings.defaults();\n");
    String addressExpr = reply.address().isPresent() ? "REPLY_ADDRESS"
        : JavaText.literal("$message.header#/" + reply.header().orElseThrow());
    out.append("    return ").append(Snippets.createPublisher(Snippets.Role.REPLY, plan.protocol(), Optional.empty(),
        addressExpr, reply.address().isPresent(), reply.payload())).append(";\n  }\n\n");
    out.append("  /** @return the reply to {@code request}: to its reply address, with its key and correlation id */"
        + "\n");
    out.append("  private static ").append(publication).append(" reply(io.tributary.streams.envelope.Envelope<")
        .append(t).append("> request, ").append(r).append(" payload) {\n");
    String address = reply.address().isPresent() ? "REPLY_ADDRESS"
        : RUNTIME + "Replies.addressFromHeader(request, " + JavaText.literal(reply.header().get()) + ")";
    String correlation = plan.protocol().equals("amqp") ? RUNTIME + "AmqpPublisher.correlationId(request)"
        : RUNTIME + "Replies.correlationId(request)";
    out.append("    return ").append(RUNTIME).append("Replies.to(request, ").append(address).append(", payload,\n")
        .append("        ").append(correlation).append(");\n  }\n\n");
  }

  private static String runnerType(String protocol) {
    return switch (protocol) {
      case "kafka" -> "io.tributary.connectors.kafka.KafkaRunner";
      case "amqp" -> "io.tributary.connectors.amqp.AmqpRunner";
      default -> "io.tributary.connectors.nats.NatsRunner";
    };
  }

  private static String settingsType(String protocol) {
    return switch (protocol) {
      case "kafka" -> "io.tributary.connectors.kafka.KafkaSourceSettings";
      case "amqp" -> "io.tributary.connectors.amqp.AmqpSourceSettings";
      default -> "io.tributary.connectors.nats.NatsSourceSettings";
    };
  }
}
