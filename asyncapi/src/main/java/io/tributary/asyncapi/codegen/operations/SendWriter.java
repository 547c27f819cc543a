package io.tributary.asyncapi.codegen.operations;

import static io.tributary.asyncapi.codegen.operations.Snippets.RUNTIME;
import static io.tributary.asyncapi.codegen.operations.Snippets.SYSTEM;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The publisher class of a send operation. */
final class SendWriter {

  private SendWriter() {}

  static String publisher(String packageName, Plan plan) {
    String t = plan.payload().javaType();
    String c = plan.className();
    String publisherType = RUNTIME + "Publisher<" + t + ">";
    String address = Snippets.effectiveAddress(plan);
    StringBuilder out = new StringBuilder(Snippets.packageLine(packageName));

    List<String> about = new ArrayList<>(Snippets.about(plan.op()));
    if (about.isEmpty()) {
      about.add("Publishes to " + Snippets.where(plan) + " " + JavaText.code(address) + ".");
    }
    about.add("Sends " + JavaText.code(t) + " payloads (" + plan.payload().encoding().name().toLowerCase(
        java.util.Locale.ROOT) + ") to " + Snippets.where(plan) + " " + JavaText.code(address) + " on the server "
        + JavaText.code(plan.server().id()) + "; a send completes when the broker acknowledged it. Create with "
        + "{@link #create}, close when done.");
    about.add(Snippets.generatedFrom(plan.op().pointer()));
    out.append(JavaText.javadoc("", about));
    out.append("public final class ").append(c)
        .append(" implements io.tributary.streams.describe.Describable, AutoCloseable {\n\n");
    out.append("  /** The address of the channel " + JavaText.doc(plan.op().channel().pointer())
        + (plan.params().isEmpty() ? "" : ", with parameters") + ". */\n");
    out.append("  public static final String ADDRESS = ").append(JavaText.literal(address)).append(";\n");
    out.append("  /** The server of the document: " + JavaText.doc(plan.server().pointer()) + ". */\n");
    out.append("  public static final String SERVERS = ").append(JavaText.literal(Snippets.serversValue(plan)))
        .append(";\n\n");
    out.append("  private final ").append(publisherType).append(" publisher;\n\n");
    out.append("  private ").append(c).append("(").append(publisherType).append(" publisher) {\n")
        .append("    this.publisher = publisher;\n  }\n\n");

    String decls = Snippets.paramDecls(plan);
    String args = Snippets.paramArgs(plan);
    String serversDoc = Snippets.serversDoc(plan.protocol());
    out.append(JavaText.javadoc("  ", List.of("Starts a publisher with the default bounds ({@link "
        + RUNTIME + "PublisherSettings#defaults()}).", "@param system the actor system it runs on", serversDoc,
        "@return the publisher, running")));
    out.append("  public static ").append(c).append(" create(").append(SYSTEM).append(" system, String servers) {\n")
        .append("    return create(system, servers, ").append(RUNTIME).append("PublisherSettings.defaults());\n  }\n\n");
    out.append(JavaText.javadoc("  ", List.of("Starts a publisher.", "@param system the actor system it runs on",
        serversDoc, "@param settings its bounds (sends in flight, how long a send waits for room)",
        "@return the publisher, running")));
    out.append("  public static ").append(c).append(" create(").append(SYSTEM).append(" system, String servers, ")
        .append(Snippets.publisherSettingsType()).append(" settings) {\n");
    out.append("    return new ").append(c).append("(").append(Snippets.createPublisher(plan.protocol(),
        Optional.of(plan.op().channel()), "ADDRESS", plan.params().isEmpty(), plan.payload())).append(");\n  }\n\n");

    out.append(Snippets.addressMethod(plan, "ADDRESS")).append('\n');

    List<String> sendDoc = new ArrayList<>();
    sendDoc.add("Sends one payload" + (plan.params().isEmpty() ? "." : " to the address of these parameter values."));
    sendDoc.addAll(Snippets.paramDocs(plan));
    sendDoc.add("@param payload the payload");
    sendDoc.add("@return completes when the broker acknowledged it; fails with the broker's error, or with {@link "
        + RUNTIME + "PublishRejectedException} when the publisher is closed, failed or full too long");
    out.append(JavaText.javadoc("  ", sendDoc));
    out.append("  public java.util.concurrent.CompletionStage<org.apache.pekko.Done> send(").append(decls).append(t)
        .append(" payload) {\n");
    out.append("    return publisher.send(").append(RUNTIME).append("Publication.of(address(")
        .append(Snippets.strip(args)).append("), payload));\n  }\n\n");

    out.append(JavaText.javadoc("  ", List.of("Sends one publication: its own address (see {@link #address}), key "
        + "and headers.", "@param publication what to send", "@return completes when the broker acknowledged it")));
    out.append("  public java.util.concurrent.CompletionStage<org.apache.pekko.Done> send(").append(RUNTIME)
        .append("Publication<").append(t).append("> publication) {\n    return publisher.send(publication);\n  }\n\n");

    out.append("  /** @return the runtime publisher underneath */\n");
    out.append("  public ").append(publisherType).append(" publisher() {\n    return publisher;\n  }\n\n");
    out.append("  /** @return the channel this publisher sends to */\n");
    out.append("  @Override\n  public java.util.List<io.tributary.streams.describe.ChannelDescription> describe() {\n"
        + "    return publisher.describe();\n  }\n\n");
    out.append("  /** Stops taking sends and waits (bounded) until those in flight were acknowledged. */\n");
    out.append("  @Override\n  public void close() {\n    publisher.close();\n  }\n}\n");
    return out.toString();
  }
}
