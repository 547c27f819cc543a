package io.tributary.pipeline.nats;

import io.tributary.connectors.nats.NatsAcknowledgement;
import io.tributary.connectors.nats.NatsControl;
import io.tributary.connectors.nats.NatsSetupException;
import io.tributary.connectors.nats.NatsSource;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.pipeline.component.ControlledSource;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Source {@code nats}: messages of a NATS JetStream stream through a durable pull consumer
 * ({@link NatsSource}): fetched only as the pipeline asks for more, acknowledged ({@code +ACK})
 * only once the whole pipeline is done with a message; the server redelivers a message not
 * acknowledged within {@code ack_wait_s}. Each message becomes an event {@code message} (the data
 * as UTF-8 text), {@code key} (the {@code Tributary-Key} header, else the subject), {@code stream},
 * {@code subject}, {@code sequence} (the stream sequence), {@code timestamp}. Data that is not
 * valid UTF-8 goes to the dead-letter subject {@code <stream>.dlq} (its stream {@code
 * <stream>_DLQ} is created when no stream stores that subject), and is acknowledged. The stream
 * must exist; startup fails when the server cannot be reached or the consumer cannot be created.
 */
public final class NatsEventSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "nats";

  private final String url;
  private final String stream;
  private final String durable;
  private final String subject;
  private final long ackWaitSeconds;

  private NatsEventSource(String url, String stream, String durable, String subject, long ackWaitSeconds) {
    this.url = url;
    this.stream = stream;
    this.durable = durable;
    this.subject = subject;
    this.ackWaitSeconds = ackWaitSeconds;
  }

  /** Reads the options: url, stream, durable, subject, ack_wait_s. */
  public static NatsEventSource create(Options options) {
    String url = options.requiredString("url");
    String stream = NatsOptions.natsName(options, "stream", true);
    String durable = NatsOptions.natsName(options, "durable", true);
    String subject = NatsOptions.natsSubject(options, "subject", false, true);
    long ackWait = options.longValue("ack_wait_s", 30, 1);
    return new NatsEventSource(url, stream, durable, subject, ackWait);
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "key", "stream", "subject", "sequence", "timestamp");
  }

  @Override
  public RunningSource start(RunContext context) {
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create(url, stream, durable, PayloadDecoder.string())
        .withAckWait(Duration.ofSeconds(ackWaitSeconds));
    if (subject != null) {
      settings = settings.withFilterSubject(subject);
    }
    Source<Envelope<String>, NatsControl> messages;
    try {
      messages = NatsSource.create(context.system(), settings); // connects, checks the stream, creates the consumer
    } catch (NatsSetupException e) {
      throw context.failure(e.getMessage(), e);
    }
    // Materialized here, so that the connection it owns is closed by release() even if the graph never runs.
    Pair<NatsControl, Source<Envelope<String>, NotUsed>> started = messages.preMaterialize(context.system());
    DeliveryTracker tracker = context.tracker();
    // Stops fetching at the stop; the release flushes the acknowledgements and closes.
    return new ControlledSource<>(started::first,
        started.second().map(envelope -> tracker.open(eventOf(envelope), envelope.ack())), Optional.empty(),
        (c, inFlight) -> "acknowledged=" + c.acknowledged() + " nakd=" + c.nakd() + " unacknowledged=" + inFlight);
  }

  /** @return the event of one message */
  static Event eventOf(Envelope<String> envelope) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", envelope.payload());
    fields.put("key", envelope.key());
    fields.put("stream", envelope.position().source());
    fields.put("subject", NatsAcknowledgement.of(envelope).map(a -> a.message().getSubject()).orElse(null));
    fields.put("sequence", envelope.position().offset());
    fields.put("timestamp", envelope.timestamp().toString());
    return Event.of(fields);
  }
}
