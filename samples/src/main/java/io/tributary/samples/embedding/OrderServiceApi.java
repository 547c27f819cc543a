package io.tributary.samples.embedding;

import io.tributary.actors.hub.HubTopics;
import io.tributary.asyncapi.AsyncApi;
import io.tributary.asyncapi.AsyncApiDocument;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.describe.Action;
import io.tributary.streams.describe.Describable;
import java.util.List;
import java.util.function.Supplier;

/**
 * The AsyncAPI document of the {@link OrderService}: what it runs and would run, described without
 * starting anything. Orders arrive as JSON {@link Order}s on the Kafka topic {@value #INTAKE_TOPIC},
 * validated against their schema at ingress (invalid ones go to its dead-letter topic); the service
 * publishes each order's id on the hub topic {@value #HUB_TOPIC}, where the audit handler subscribes.
 *
 * <p>The build writes this document to {@code samples/target/asyncapi.yaml} (the Maven plugin's goal
 * {@code describe}, configured in {@code samples/pom.xml}), and a test compares it with the checked-in
 * {@code samples/asyncapi/order-service.yaml}. The goal needs exactly this shape: a public class with a
 * public no-argument constructor implementing {@code Supplier<AsyncApiDocument>}.
 */
public final class OrderServiceApi implements Supplier<AsyncApiDocument> {

  /** The service's name: the document's title, the actor system's name and the consumer group. */
  public static final String SERVICE = "order-service";
  /** The service's version, {@code info.version}. */
  public static final String VERSION = "1.0.0";
  /** The Kafka topic orders arrive on. */
  public static final String INTAKE_TOPIC = "placed-orders";
  /** The hub topic the service publishes order ids to. */
  public static final String HUB_TOPIC = "orders";
  /** The brokers the document names; a deployment sets its own. */
  public static final String BOOTSTRAP_SERVERS = "127.0.0.1:9092";

  /** Creates the describer (the Maven plugin calls this constructor). */
  public OrderServiceApi() {}

  /**
   * The settings the service's Kafka intake runs with: {@link Order}s from {@value #INTAKE_TOPIC},
   * validated at ingress, in the consumer group {@value #SERVICE}.
   *
   * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
   * @return the settings, for {@code KafkaRunner.start} or {@link KafkaRunner#describe(KafkaSourceSettings)}
   */
  public static KafkaSourceSettings<Order> intakeSettings(String bootstrapServers) {
    return KafkaSourceSettings.create(bootstrapServers, SERVICE, List.of(INTAKE_TOPIC),
        ValidatingDecoder.of(Order.class));
  }

  /** @return the document: the Kafka intake (and its dead-letter topic) and the hub topic */
  @Override
  public AsyncApiDocument get() {
    KafkaSourceSettings<Order> intake = intakeSettings(BOOTSTRAP_SERVERS);
    Describable kafkaIntake = () -> KafkaRunner.describe(intake);
    return AsyncApi.document(SERVICE, VERSION,
        "The embedding sample's order service: orders from Kafka, their ids fanned out on a hub topic.",
        List.of(kafkaIntake,
            HubTopics.describe(SERVICE, HUB_TOPIC, String.class, Action.SEND, Action.RECEIVE)));
  }
}
