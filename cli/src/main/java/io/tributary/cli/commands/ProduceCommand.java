package io.tributary.cli.commands;

import io.tributary.streams.settings.Secrets;
import io.tributary.cli.broker.AmqpProduceTarget;
import io.tributary.cli.broker.Broker;
import io.tributary.cli.broker.Endpoints;
import io.tributary.cli.broker.KafkaProduceTarget;
import io.tributary.cli.broker.NatsProduceTarget;
import io.tributary.cli.broker.ProduceTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.tributary.cli.runtime.ClientConfigOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary produce --bootstrap-servers HOST:PORT --topic T --count N [--keys K] [--partitions P]}: writes
 * {@code N} sample records to a Kafka topic and waits until the broker acknowledged every one. With {@code --amqp-uri
 * URI --queue Q} it writes them to a RabbitMQ queue instead, with {@code --nats-url URL --stream S [--subject SUBJ]} to
 * a NATS JetStream stream.
 *
 * <p>The topic is created with {@code P} partitions (default 4) unless it exists; an existing topic is left as it
 * is. Record {@code i} (0 to N-1) has the key {@code k<i mod K>} (default K = 100) and the UTF-8 JSON value
 * {@code {"id":<i>,"key":"k<i mod K>","seq":<i / K>}}, {@code seq} counting the earlier records of the same key. The
 * producer is idempotent with {@code acks=all}, so each key's records land in its partition once each and in order.
 * The queue is declared durable and each record published to it with a publisher confirm, its key in the header
 * {@code Tributary-Key}; the stream is created unless it exists (subjects {@code [SUBJ]}) and each record published
 * with a JetStream publish acknowledgement, its key in the header {@code Tributary-Key}.
 *
 * <p>On stdout it prints exactly one line, {@code produced <acked> records to <topic|queue|stream>}, once sending is
 * over, and exits 0 when all {@code N} were acknowledged; otherwise it explains on stderr and exits 1 (when the
 * topic, queue or stream cannot be set up, nothing is sent and stdout stays empty). A broker that cannot be reached
 * fails within the timeout (30 s unless the hidden option {@code --timeout-ms} says otherwise), never hangs. Invalid
 * options, and no broker or several, exit 2.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = "Writes N keyed sample records (JSON with a per-key sequence) to a Kafka topic, a RabbitMQ queue or "
        + "a NATS JetStream stream, creating it if missing.")
public final class ProduceCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ProduceCommand.class);


  @Spec
  private CommandSpec spec;

  @Mixin
  private ClientConfigOption clientConfig;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka: the brokers to contact, e.g. 127.0.0.1:9092 (with --topic).")
  private String bootstrapServers;

  @Option(names = "--topic", paramLabel = "T", description = "Kafka: the topic to write to.")
  private String topic;

  @Option(names = "--amqp-uri", paramLabel = "URI",
      description = "RabbitMQ: the broker, e.g. amqp://guest:guest@127.0.0.1:5672 (with --queue).")
  private String amqpUri;

  @Option(names = "--queue", paramLabel = "Q", description = "RabbitMQ: the queue to write to (declared durable).")
  private String queue;

  @Option(names = "--nats-url", paramLabel = "URL",
      description = "NATS JetStream: the server(s), e.g. nats://127.0.0.1:4222 (with --stream).")
  private String natsUrl;

  @Option(names = "--stream", paramLabel = "S",
      description = "NATS: the stream to write to (created with the subject --subject if missing).")
  private String stream;

  @Option(names = "--subject", paramLabel = "SUBJECT",
      description = "NATS: the subject to publish to (default: the existing stream's only subject, or S for a new "
          + "stream).")
  private String subject;

  @Option(names = "--count", required = true, paramLabel = "N", description = "How many records to write.")
  private long count;

  @Option(names = "--keys", defaultValue = "100", paramLabel = "K",
      description = "How many distinct keys, k0 to k<K-1> (default: ${DEFAULT-VALUE}).")
  private int keys;

  @Option(names = "--partitions", defaultValue = "4", paramLabel = "P",
      description = "Kafka: partitions of the topic if it has to be created (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(names = "--timeout-ms", defaultValue = "30000", hidden = true,
      description = "How long to wait for the broker: admin calls, metadata, each record's delivery.")
  private int timeoutMs;

  @Override
  public Integer call() {
    ProduceTarget target = validate();
    String destination = target.destination();
    try {
      long started = System.nanoTime();
      SampleProducer.Outcome outcome = target.produce(count, keys);
      System.out.println("produced " + outcome.acked() + " records to " + destination);
      System.out.flush();
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      if (outcome.acked() == count) {
        log.info("{} records to {} acknowledged in {} ms ({} records/s)", count, destination, millis,
            count * 1000 / millis);
        return 0;
      }
      Throwable error = outcome.firstError();
      System.err.println("tributary produce: only " + outcome.acked() + " of " + count + " records to '"
          + destination + "' were acknowledged by " + target.broker() + " (delivery timeout " + timeoutMs + " ms)"
          + (error == null ? "" : ": " + Secrets.text(Topics.rootMessage(error))));
      return 1;
    } catch (CommandFailedException e) {
      System.err.println("tributary produce: " + Secrets.text(e.getMessage()));
      return 1;
    }
  }

  private ProduceTarget validate() {
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
    Broker broker = Broker.choose(spec,
        Map.of(Broker.KAFKA, List.of("--topic"), Broker.AMQP, List.of("--queue"), Broker.NATS, List.of("--stream")),
        Map.of("--topic", Set.of(Broker.KAFKA), "--partitions", Set.of(Broker.KAFKA),
            "--queue", Set.of(Broker.AMQP), "--stream", Set.of(Broker.NATS), "--subject", Set.of(Broker.NATS)));
    Duration timeout = Duration.ofMillis(timeoutMs);
    try {
      switch (broker) { // malformed addresses are usage errors, before any client exists
        case KAFKA -> Endpoints.kafka("--bootstrap-servers", bootstrapServers);
        case AMQP -> Endpoints.amqp("--amqp-uri", amqpUri);
        case NATS -> Endpoints.nats("--nats-url", natsUrl);
      }
      return switch (broker) {
        case KAFKA -> {
          if (bootstrapServers.isBlank() || topic.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers and --topic must not be empty");
          }
          yield new KafkaProduceTarget(bootstrapServers, topic, partitions, timeout, clientConfig.load(spec));
        }
        case AMQP -> new AmqpProduceTarget(amqpUri, queue, timeout, clientConfig.load(spec));
        case NATS -> new NatsProduceTarget(natsUrl, stream, subject, timeout, clientConfig.load(spec));
      };
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

}
