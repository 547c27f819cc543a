package io.tributary.pipeline.nats;

import io.tributary.streams.settings.Secrets;
import com.typesafe.config.Config;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.connectors.nats.NatsConnections;
import io.tributary.connectors.nats.NatsNames;
import io.tributary.connectors.nats.NatsSetupException;
import io.tributary.connectors.nats.NatsSink;
import io.tributary.connectors.nats.NatsSecurity;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.pipeline.component.EventMessages;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sink {@code nats}: publishes each event as a JSON message to a subject through NATS JetStream
 * ({@link NatsSink}): an event counts as accepted once the stream that stores the subject
 * acknowledged it. At startup it connects and checks that a stream stores the subject; with {@code
 * create_stream = NAME} it first creates that stream (file storage, subjects {@code [subject]})
 * when it is missing. With {@code key_field}, the field's text goes in the header {@code
 * Tributary-Key} (what the {@code nats} source and {@code tributary consume --nats-url} read as
 * the key).
 */
public final class NatsEventSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "nats";

  private static final Logger log = LoggerFactory.getLogger(NatsEventSink.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** JetStream's API error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;

  private static final OptionSpec<String> SUBJECT = OptionSpec.required("subject", NatsNames.PLAIN_SUBJECT,
      "The subject to publish to; a stream must store it.");
  private static final OptionSpec<String> CREATE_STREAM = OptionSpec.optional("create_stream", NatsNames.NAME,
      "Create this stream (file storage, subjects [subject]) at start when it is missing; none: a stream must exist.");
  private static final OptionSpec<String> KEY_FIELD = OptionSpec.optional("key_field", SettingType.string(),
      "The event field whose text goes in the header " + NatsSourceSettings.DEFAULT_KEY_HEADER
          + "; none: no key header.");
  private static final OptionSpec<Integer> MAX_IN_FLIGHT = OptionSpec.withDefault("max_in_flight",
      Setting.of("tributary.pipeline.nats.sink.max-in-flight", SettingType.integer(1, Integer.MAX_VALUE)));

  /** The options of sink {@code nats}, declared once: read here, validated, and documented from them. */
  public static final ComponentOptions OPTIONS = ComponentOptions.sink(TYPE, "Publishes each event as a JSON "
      + "message through JetStream; an event counts as accepted once the stream that stores the subject "
      + "acknowledged it.", NatsOptions.with(NatsOptions.URL, SUBJECT, CREATE_STREAM, KEY_FIELD, MAX_IN_FLIGHT));

  /** Where a larger max_in_flight stops. */
  private static final int MAX_WINDOW = 65_536;

  private final ComponentRef ref;
  private final String url;
  private final String subject;
  private final String createStream;
  private final String keyField;
  private final int maxInFlight;
  private final NatsSecurity security;

  private NatsEventSink(ComponentRef ref, String url, String subject, String createStream, String keyField,
      int maxInFlight, NatsSecurity security) {
    this.security = security;
    this.ref = ref;
    this.url = url;
    this.subject = subject;
    this.createStream = createStream;
    this.keyField = keyField;
    this.maxInFlight = maxInFlight;
  }

  /** Reads the options ({@link #OPTIONS}). */
  public static NatsEventSink create(Options options) {
    OPTIONS.declareIn(options);
    String url = NatsOptions.URL.read(options).orElse(null);
    String subject = SUBJECT.read(options).orElse(null);
    String createStream = CREATE_STREAM.read(options).orElse(null);
    String keyField = KEY_FIELD.read(options).orElse(null);
    int maxInFlight = MAX_IN_FLIGHT.readOrDefault(options);
    return new NatsEventSink(options.ref(), url, subject, createStream, keyField, Math.min(MAX_WINDOW, maxInFlight),
        NatsOptions.security(options));
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    if (keyField != null && !input.mayHave(keyField)) {
      errors.add(ref.path("key_field"), input.unknownField(keyField));
    }
  }

  /**
   * The subject published to: pipeline events as JSON, with the key header when {@code key_field} is
   * set, and the stream when the sink creates it.
   */
  @Override
  public List<ChannelDescription> describe(Config config) {
    ChannelDescription channel = NatsSink.describe(url, subject,
        keyField != null ? NatsSourceSettings.DEFAULT_KEY_HEADER : null, EventMessages.event());
    return List.of(createStream != null ? channel.withChannelBindings(Map.of("stream", createStream)) : channel);
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    Connection check = connect(context, "tributary-pipeline-check-" + ref.name());
    try {
      prepareStream(context, check);
    } finally {
      close(check);
    }
    String name = "tributary-pipeline-" + ref.name();
    // The publishing connection opens when the graph runs and closes once the last publish was acknowledged.
    Sink<Delivery, CompletionStage<CompletionStage<Done>>> sink = Sink.fromMaterializer((materializer, attributes) -> {
      Connection connection = connect(context, name);
      return Flow.<Delivery>create()
          .map(this::envelope)
          .via(NatsSink.flow(connection, maxInFlight))
          .toMat(Sink.foreach(Envelope::acknowledge), Keep.right())
          .mapMaterializedValue(done -> done.handle((d, error) -> {
            close(connection);
            return error == null ? CompletableFuture.completedFuture(Done.getInstance())
                : CompletableFuture.<Done>failedFuture(error);
          }).thenCompose(stage -> stage));
    });
    return RunningSink.of(sink.mapMaterializedValue(stage -> stage.thenCompose(done -> done)));
  }

  private Connection connect(RunContext context, String connectionName) {
    try {
      return NatsConnections.connect(url, security, CONNECT_TIMEOUT, connectionName);
    } catch (NatsSetupException e) {
      throw context.failure(e.getMessage(), e);
    }
  }

  /** Creates the stream if asked and missing; checks that a stream stores the subject. */
  private void prepareStream(RunContext context, Connection connection) {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      if (createStream != null) {
        try {
          jsm.getStreamInfo(createStream);
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
            throw e;
          }
          jsm.addStream(StreamConfiguration.builder().name(createStream).subjects(subject)
              .storageType(StorageType.File).build());
          log.info("{}: created JetStream stream {} with subject {}", ref.path(), createStream, subject);
        }
      }
      if (jsm.getStreamNames(subject).isEmpty()) {
        throw context.failure("no JetStream stream on " + Secrets.uri(url) + " stores subject '" + subject + "': set "
            + "create_stream = <NAME> to create one, or add the subject to a stream", null);
      }
    } catch (JetStreamApiException e) {
      throw context.failure("JetStream refused to " + (createStream == null ? "look up" : "create or look up")
          + " the stream for subject '" + subject + "' on " + Secrets.uri(url) + ": " + e.getErrorDescription(), e);
    } catch (IOException e) {
      throw context.failure("no JetStream answer from NATS " + Secrets.uri(url) + ": " + e
          + "; is JetStream enabled (nats-server -js)?", e);
    }
  }

  /** NatsSink acknowledges an envelope after its publish ack: here that counts the delivery down. */
  private Envelope<Message> envelope(Delivery delivery) {
    Event event = delivery.event();
    Headers headers = new Headers();
    String key = null;
    if (keyField != null) {
      Object k = event.get(keyField);
      if (k != null) {
        key = Event.text(k);
        headers.add(NatsSourceSettings.DEFAULT_KEY_HEADER, key.replace('\r', ' ').replace('\n', ' '));
      }
    }
    delivery.traceContext().ifPresent(t -> t.headers().forEach(h -> headers.add(h.key(), h.valueAsString())));
    Message message = NatsMessage.builder().subject(subject).headers(headers)
        .data(event.toJson().getBytes(StandardCharsets.UTF_8)).build();
    return new Envelope<>(key, message, List.of(), Instant.now(), new SourcePosition(subject, 0, 0),
        delivery::done, null, null);
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("closing a NATS connection failed: {}", e.toString());
    }
  }
}
