package io.tributary.pipeline.nats;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.tributary.connectors.nats.NatsAcknowledgement;
import io.tributary.connectors.nats.NatsControl;
import io.tributary.connectors.nats.NatsNames;
import io.tributary.connectors.nats.NatsRunner;
import io.tributary.connectors.nats.NatsSetupException;
import io.tributary.connectors.nats.NatsSource;
import io.tributary.connectors.nats.NatsSecurity;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.pipeline.component.ControlledSource;
import io.tributary.pipeline.component.EventMessages;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
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

  private static final OptionSpec<String> STREAM = OptionSpec.required("stream", NatsNames.NAME,
      "The JetStream stream to consume; it must exist.");
  private static final OptionSpec<String> DURABLE = OptionSpec.required("durable", NatsNames.NAME,
      "The durable consumer: instances with the same name share the work, a restart goes on where it stopped.");
  private static final OptionSpec<String> SUBJECT = OptionSpec.optional("subject", NatsNames.SUBJECT,
      "Consume only the stream's subjects that match this filter; none: the whole stream.");
  private static final OptionSpec<Duration> ACK_WAIT =
      OptionSpec.of("ack_wait_s", NatsSourceSettings.ACK_WAIT, ChronoUnit.SECONDS);

  /** The options of source {@code nats}, declared once: read here, validated, and documented from them. */
  public static final ComponentOptions OPTIONS = ComponentOptions.source(TYPE, "Messages of a NATS JetStream "
      + "stream through a durable pull consumer, acknowledged only once the whole pipeline is done with them; "
      + "fields message, key, stream, subject, sequence, timestamp.", NatsOptions.with(NatsOptions.URL,
      STREAM, DURABLE, SUBJECT, ACK_WAIT));

  private final String url;
  private final String stream;
  private final String durable;
  private final String subject;
  private final Duration ackWait; // null: the system's config
  private final NatsSecurity security;

  private NatsEventSource(String url, String stream, String durable, String subject, Duration ackWait,
      NatsSecurity security) {
    this.security = security;
    this.url = url;
    this.stream = stream;
    this.durable = durable;
    this.subject = subject;
    this.ackWait = ackWait;
  }

  /** Reads the options ({@link #OPTIONS}). */
  public static NatsEventSource create(Options options) {
    OPTIONS.declareIn(options);
    String url = NatsOptions.URL.read(options).orElse(null);
    String stream = STREAM.read(options).orElse(null);
    String durable = DURABLE.read(options).orElse(null);
    String subject = SUBJECT.read(options).orElse(null);
    Duration ackWait = ACK_WAIT.read(options).orElse(null);
    return new NatsEventSource(url, stream, durable, subject, ackWait, NatsOptions.security(options));
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "key", "stream", "subject", "sequence", "timestamp");
  }

  /** The subject received from (pipeline events) and the dead-letter subject, as a NATS runner describes them. */
  @Override
  public List<ChannelDescription> describe(Config config) {
    NatsSourceSettings<String> settings = NatsSourceSettings.fromConfig(config, url, stream, durable,
        PayloadDecoder.string());
    if (subject != null) {
      settings = settings.withFilterSubject(subject);
    }
    return EventMessages.received(NatsRunner.describe(settings));
  }

  @Override
  public RunningSource start(RunContext context) {
    NatsSourceSettings<String> settings;
    try {
      // what the pipeline file leaves out comes from the system's config (tributary.nats, reference.conf)
      settings = NatsSourceSettings.fromConfig(context.system().settings().config(), url, stream, durable,
          PayloadDecoder.string());
    } catch (ConfigException e) {
      throw context.failure(e.getMessage(), e);
    }
    settings = settings.withSecurity(security);
    if (ackWait != null) {
      settings = settings.withAckWait(ackWait);
    }
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
        started.second().map(envelope -> tracker.open(eventOf(envelope), envelope, "nats")), Optional.empty(),
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
