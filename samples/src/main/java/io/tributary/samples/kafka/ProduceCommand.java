package io.tributary.samples.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary produce --bootstrap-servers HOST:PORT --topic T --count N [--keys K] [--partitions P]}: writes
 * {@code N} sample records to a Kafka topic and waits until the broker acknowledged every one.
 *
 * <p>The topic is created with {@code P} partitions (default 4) unless it exists; an existing topic is left as it
 * is. Record {@code i} (0 to N-1) has the key {@code k<i mod K>} (default K = 100) and the UTF-8 JSON value
 * {@code {"id":<i>,"key":"k<i mod K>","seq":<i / K>}}, {@code seq} counting the earlier records of the same key. The
 * producer is idempotent with {@code acks=all}, so each key's records land in its partition once each and in order.
 *
 * <p>On stdout it prints exactly one line, {@code produced <acked> records to <topic>}, once sending is over, and
 * exits 0 when all {@code N} were acknowledged; otherwise it explains on stderr and exits 1 (when the topic cannot be
 * created, nothing is sent and stdout stays empty). A broker that cannot be reached fails within the timeout (30 s
 * unless the hidden option {@code --timeout-ms} says otherwise), never hangs. Invalid options exit 2.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = "Writes N keyed sample records (JSON with a per-key sequence) to a Kafka topic, creating it if missing.")
public final class ProduceCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ProduceCommand.class);

  private static final int LINGER_MS = 10;
  private static final int BATCH_SIZE = 128 * 1024;

  @Spec
  private CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
      description = "The Kafka brokers to contact, e.g. 127.0.0.1:9092.")
  private String bootstrapServers;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to write to.")
  private String topic;

  @Option(names = "--count", required = true, paramLabel = "N", description = "How many records to write.")
  private long count;

  @Option(names = "--keys", defaultValue = "100", paramLabel = "K",
      description = "How many distinct keys, k0 to k<K-1> (default: ${DEFAULT-VALUE}).")
  private int keys;

  @Option(names = "--partitions", defaultValue = "4", paramLabel = "P",
      description = "Partitions of the topic if it has to be created (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(names = "--timeout-ms", defaultValue = "30000", hidden = true,
      description = "How long to wait for the broker: admin calls, metadata, each record's delivery.")
  private int timeoutMs;

  @Override
  public Integer call() {
    validate();
    try {
      Topics.createIfMissing(bootstrapServers, topic, partitions, Duration.ofMillis(timeoutMs));
      long started = System.nanoTime();
      Outcome outcome = produce();
      System.out.println("produced " + outcome.acked() + " records to " + topic);
      System.out.flush();
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      if (outcome.acked() == count) {
        log.info("{} records to {} acknowledged in {} ms ({} records/s)", count, topic, millis,
            count * 1000 / millis);
        return 0;
      }
      Throwable error = outcome.firstError();
      System.err.println("tributary produce: only " + outcome.acked() + " of " + count + " records to '" + topic
          + "' were acknowledged by " + bootstrapServers + " (delivery timeout " + timeoutMs + " ms)"
          + (error == null ? "" : ": " + Topics.rootMessage(error)));
      return 1;
    } catch (CommandFailedException e) {
      System.err.println("tributary produce: " + e.getMessage());
      return 1;
    }
  }

  private void validate() {
    if (count < 0) {
      throw new ParameterException(spec.commandLine(), "--count must be 0 or more, got " + count);
    }
    if (keys < 1) {
      throw new ParameterException(spec.commandLine(), "--keys must be 1 or more, got " + keys);
    }
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be 1 or more, got " + partitions);
    }
    if (timeoutMs < 1_000) {
      throw new ParameterException(spec.commandLine(), "--timeout-ms must be 1000 or more, got " + timeoutMs);
    }
    if (bootstrapServers.isBlank() || topic.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--bootstrap-servers and --topic must not be empty");
    }
  }

  /** Sends the records, stopping at the first failure, then waits for every acknowledgement. */
  private Outcome produce() {
    AtomicLong acked = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    Callback callback = (metadata, exception) -> {
      if (exception == null) {
        acked.incrementAndGet();
      } else if (firstError.compareAndSet(null, exception)) {
        log.warn("A record to {} was not acknowledged: {}", topic, exception.toString());
      }
    };
    KafkaProducer<String, String> producer;
    try {
      producer = new KafkaProducer<>(producerConfig());
    } catch (KafkaException e) {
      throw new CommandFailedException("Could not create a Kafka producer for " + bootstrapServers + ": "
          + Topics.rootMessage(e), e);
    }
    try {
      // a record that fails (e.g. no metadata within max.block.ms) ends the run: later ones would wait as long
      for (long i = 0; i < count && firstError.get() == null; i++) {
        producer.send(new ProducerRecord<>(topic, SampleRecords.key(i, keys), SampleRecords.value(i, keys)),
            callback);
      }
      producer.flush(); // returns once every record is acknowledged or failed (delivery.timeout.ms at most)
    } catch (KafkaException e) {
      firstError.compareAndSet(null, e);
    } finally {
      producer.close(Duration.ofMillis(timeoutMs));
    }
    return new Outcome(acked.get(), firstError.get());
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-produce");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // lz4 halved the throughput on localhost
    // bounded waits: metadata (and buffer space) in send(), each request, each record's delivery in all
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    return config;
  }

  /** How a run ended: the records acknowledged, and the first failure if any. */
  private record Outcome(long acked, Throwable firstError) {
  }
}
