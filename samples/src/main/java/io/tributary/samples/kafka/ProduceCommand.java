package io.tributary.samples.kafka;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
      SampleProducer.Outcome outcome =
          SampleProducer.produce(bootstrapServers, topic, count, keys, Duration.ofMillis(timeoutMs));
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

}
