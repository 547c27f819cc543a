package io.tributary.asyncapi;

import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * AsyncAPI documents of Tributary services: the entry point of this module. A service describes
 * what it started, like Springwolf does from listeners, without Spring:
 *
 * <pre>{@code
 * KafkaRunner<Order> runner = KafkaRunner.start(system, settings, processing, handler);
 * AsyncApiDocument doc = AsyncApi.document("billing", "1.4.0",
 *     runner,                                                             // receive orders, send orders.dlq
 *     KafkaSink.describe("127.0.0.1:9092", "invoices", Invoice.class),    // send invoices
 *     HubTopics.describe(system, "orders", Order.class, Action.SEND));    // publish to a hub topic
 * Files.writeString(Path.of("target/asyncapi.yaml"), doc.toYaml());
 * }</pre>
 *
 * <p>The document is AsyncAPI {@value #VERSION}: servers, channels with their bindings and messages,
 * operations ({@code receive} for runners, {@code send} for sinks, publishers and dead-letter
 * destinations), component messages with headers, and component schemas generated from the payload
 * types ({@link io.tributary.asyncapi.schema.JsonSchemas}, the generator validation uses too). See
 * docs/asyncapi.md.
 */
public final class AsyncApi {

  /** The AsyncAPI version of the documents Tributary writes. */
  public static final String VERSION = "3.0.0";

  private AsyncApi() {}

  /**
   * The document of a service.
   *
   * @param title the service's name ({@code info.title})
   * @param version the service's version ({@code info.version}), e.g. {@code 1.0.0}
   * @param components what the service runs: runners, sinks, hub topics, or plain {@link
   *     ChannelDescription}s
   * @return the document
   */
  public static AsyncApiDocument document(String title, String version, Describable... components) {
    return document(title, version, null, Arrays.asList(components));
  }

  /**
   * The document of a service, with a description.
   *
   * @param title the service's name ({@code info.title})
   * @param version the service's version ({@code info.version})
   * @param description what the service does ({@code info.description}), or null
   * @param components what the service runs
   * @return the document
   */
  public static AsyncApiDocument document(String title, String version, String description,
      List<? extends Describable> components) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(version, "version");
    List<ChannelDescription> channels = new ArrayList<>();
    for (Describable component : components) {
      channels.addAll(Objects.requireNonNull(component, "component").describe());
    }
    return AsyncApiDocument.of(title, version, description, channels);
  }
}
