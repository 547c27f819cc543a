package io.tributary.pipeline.kafka;

import com.typesafe.config.Config;
import io.tributary.connectors.kafka.KafkaSink;
import io.tributary.connectors.kafka.TransactionalKafkaSource;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.pipeline.component.EventMessages;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.connectors.kafka.KafkaClientConfig;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.streams.settings.Secrets;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.pekko.Done;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Sink {@code kafka}: produces each event as a JSON record to a topic with {@code acks=all} and
 * idempotence ({@link KafkaSink#producerSettings}); an event counts as accepted once the broker
 * acknowledged its record; a record it does not acknowledge within the delivery timeout fails the
 * pipeline with its topic-partition and the cause. The record key is the text of {@code
 * key_field} (no key when unset or missing). With {@code create_topic = true} a missing topic is
 * created at start with {@code partitions} partitions.
 */
public final class KafkaEventSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "kafka";

  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_PARTITIONS = 10_000;

  private static final OptionSpec<String> BOOTSTRAP_SERVERS = OptionSpec.required("bootstrap_servers",
      SettingType.string(), "The Kafka brokers, host:port[,host:port...].");
  private static final OptionSpec<String> TOPIC = OptionSpec.required("topic", SettingType.string(),
      "The topic to produce to.");
  private static final OptionSpec<String> KEY_FIELD = OptionSpec.optional("key_field", SettingType.string(),
      "The event field whose text is the record key; none: records without a key.");
  private static final OptionSpec<Boolean> CREATE_TOPIC = OptionSpec.withDefault("create_topic",
      Setting.of("tributary.pipeline.kafka.sink.create-topic", SettingType.bool()));
  private static final OptionSpec<Integer> PARTITIONS = OptionSpec.withDefault("partitions",
      Setting.of("tributary.pipeline.kafka.sink.partitions", SettingType.integer(1, Integer.MAX_VALUE)));
  private static final OptionSpec<Map<String, String>> PROPERTIES = OptionSpec.optional("properties",
      SettingType.stringMap(), "Kafka producer properties, over Tributary's own (acks=all, idempotence).");
  private static final OptionSpec<Boolean> EXACTLY_ONCE = OptionSpec.optional("exactly_once", SettingType.bool(),
      "Produce each record in the Kafka transaction that commits its input's offset: the input must come from a "
      + "kafka source with exactly_once = true (default false).");

  private static final OptionSpec<String> CLIENT_CONFIG = OptionSpec.optional("client_config", SettingType.string(),
      "A Kafka client config file (security.protocol, sasl.*, ssl.*), as Kafka's --command-config; values may be "
      + "${env:NAME} or ${file:PATH}. properties win over it.");

  /** The options of sink {@code kafka}, declared once: read here, validated, and documented from them. */
  public static final ComponentOptions OPTIONS = ComponentOptions.sink(TYPE, "Produces each event as a JSON "
      + "record, acks=all and idempotent; an event counts as accepted once the broker acknowledged its record.",
      BOOTSTRAP_SERVERS, TOPIC, KEY_FIELD, CREATE_TOPIC, PARTITIONS, PROPERTIES, CLIENT_CONFIG, EXACTLY_ONCE);

  private final ComponentRef ref;
  private final String bootstrapServers;
  private final String topic;
  private final String keyField;
  private final boolean createTopic;
  private final int partitions;
  private final Map<String, String> properties;
  private final String clientConfig; // null: none
  private final boolean exactlyOnce;

  private KafkaEventSink(ComponentRef ref, String bootstrapServers, String topic, String keyField,
      boolean createTopic, int partitions, Map<String, String> properties, String clientConfig, boolean exactlyOnce) {
    this.clientConfig = clientConfig;
    this.exactlyOnce = exactlyOnce;
    this.ref = ref;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.keyField = keyField;
    this.createTopic = createTopic;
    this.partitions = partitions;
    this.properties = properties;
  }

  /** Reads the options ({@link #OPTIONS}). */
  public static KafkaEventSink create(Options options) {
    OPTIONS.declareIn(options);
    String bootstrap = BOOTSTRAP_SERVERS.read(options).orElse(null);
    String topic = TOPIC.read(options).orElse(null);
    String keyField = KEY_FIELD.read(options).orElse(null);
    boolean create = CREATE_TOPIC.readOrDefault(options);
    int partitions = PARTITIONS.readOrDefault(options);
    if (options.has(PARTITIONS.name()) && !create) {
      options.error(PARTITIONS.name(), "applies only with create_topic = true");
    }
    Map<String, String> properties = PROPERTIES.read(options).orElse(Map.of());
    boolean exactlyOnce = EXACTLY_ONCE.read(options).orElse(false);
    if (exactlyOnce && options.has(PROPERTIES.name())) {
      options.error(PROPERTIES.name(), "does not apply with exactly_once = true: the records go out with the "
          + "source's transactional producer (set its tributary.kafka.transactional.producer-properties)");
    }
    return new KafkaEventSink(options.ref(), bootstrap, topic, keyField, create,
        Math.min(MAX_PARTITIONS, partitions), properties, CLIENT_CONFIG.read(options).orElse(null), exactlyOnce);
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    if (keyField != null && !input.mayHave(keyField)) {
      errors.add(ref.path("key_field"), input.unknownField(keyField));
    }
  }

  /** The topic produced to: pipeline events as JSON, keyed by the text of {@code key_field} when set. */
  @Override
  public List<ChannelDescription> describe(Config config) {
    MessageDescription message = EventMessages.event();
    if (keyField != null) {
      message = message.withBindings(Map.of("key", Map.of("type", "string",
          "description", "The text of the event field " + keyField + ".")));
    }
    return List.of(KafkaSink.describe(bootstrapServers, topic, createTopic ? partitions : null, message));
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    Map<String, String> clientProperties;
    try {
      clientProperties = KafkaEventSource.clientProperties(clientConfig, properties);
    } catch (IllegalArgumentException e) {
      throw context.failure(e.getMessage(), e);
    }
    if (createTopic) {
      int timeoutMs = (int) TOPIC_TIMEOUT.toMillis();
      Map<String, Object> adminConfig = new java.util.HashMap<>(KafkaClientConfig.connection(clientProperties));
      adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
      adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
      try (Admin admin = Admin.create(adminConfig)) {
        KafkaTopics.ensure(admin, topic, partitions, TOPIC_TIMEOUT); // served before the first record
      } catch (KafkaSetupException | KafkaException e) {
        throw context.failure("cannot set up topic '" + topic + "' on " + bootstrapServers + ": "
            + Secrets.text(e.getMessage()), e);
      }
    }
    if (exactlyOnce) {
      // The record rides on its input's acknowledgement: the source's transaction produces it with the offset.
      String where = ref.toString();
      return RunningSink.of(Sink.<Delivery>foreach(d -> {
        if (!TransactionalKafkaSource.produceInTransaction(d.ack().acknowledgement(), record(d))) {
          throw new IllegalStateException("sink " + where + " has exactly_once = true, but its input comes from a "
              + "source that is not a kafka source with exactly_once = true");
        }
        d.done();
      }));
    }
    ProducerSettings<byte[], byte[]> settings = KafkaSink.producerSettings(context.system(), bootstrapServers);
    for (Map.Entry<String, String> p : clientProperties.entrySet()) {
      settings = settings.withProperty(p.getKey(), p.getValue());
    }
    // a record Kafka does not acknowledge fails the sink, naming its topic-partition (see KafkaSink)
    Sink<Delivery, CompletionStage<Done>> sink = KafkaSink.<Delivery>flow(settings, this::record)
        .toMat(Sink.foreach(produced -> produced.first().done()), Keep.right());
    return RunningSink.of(sink);
  }

  private ProducerRecord<byte[], byte[]> record(Delivery delivery) {
    Event event = delivery.event();
    byte[] key = null;
    if (keyField != null) {
      Object k = event.get(keyField);
      if (k != null) {
        key = Event.text(k).getBytes(StandardCharsets.UTF_8);
      }
    }
    RecordHeaders headers = new RecordHeaders();
    delivery.traceContext().ifPresent(t -> t.headers().forEach(h -> headers.add(h.key(), h.value())));
    return new ProducerRecord<>(topic, null, key, event.toJson().getBytes(StandardCharsets.UTF_8), headers);
  }
}
