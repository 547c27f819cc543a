package io.tributary.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

/**
 * A test's access to the real NATS server with JetStream (127.0.0.1:4222 unless {@code -Dtributary.nats.url}):
 * unique stream and subject names, streams deleted at {@link #close()}, publishing through JetStream, and
 * inspection of streams and consumers.
 *
 * <pre>{@code
 * try (NatsFixture nats = new NatsFixture()) {
 *     String stream = nats.streamName("ORDERS");        // deleted at close, with ORDERS_..._DLQ
 *     nats.createStream(stream, stream.toLowerCase() + ".>");
 *     nats.publish(stream.toLowerCase() + ".created", "{\"id\":1}", "Tributary-Key", "k1");
 *     // run the code under test against nats.url() ...
 *     assertThat(nats.messageCount(stream)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>{@link NatsExtension} gives a test class one fixture and deletes each test's streams after it. The server is
 * the system property {@value #URL_PROPERTY}; {@value #SERVERS_ALIAS_PROPERTY}, the name the NATS connector's
 * tests once read, is still accepted. Methods throw {@link IllegalStateException} when the server refuses an
 * operation.
 */
public final class NatsFixture implements AutoCloseable {

    /** The system property that names the server: {@value}. */
    public static final String URL_PROPERTY = "tributary.nats.url";

    /** An older name of {@link #URL_PROPERTY}, read when that is not set: {@value}. */
    public static final String SERVERS_ALIAS_PROPERTY = "tributary.nats.servers";

    /** The server the development and CI machines run: {@value}. */
    public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

    private final String url;
    private final Connection connection;
    private final JetStreamManagement jsm;
    private final JetStream js;
    private final ScopedCleanup cleanup = new ScopedCleanup();

    /** Connects to the configured server, {@link #configuredUrl()}. */
    public NatsFixture() {
        this(configuredUrl());
    }

    /**
     * Connects to the server at {@code url}.
     *
     * @param url one NATS URL or a comma-separated list
     * @throws IllegalStateException when the server is not reachable or has no JetStream
     */
    public NatsFixture(String url) {
        this.url = Objects.requireNonNull(url, "url");
        String[] servers = Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        try {
            connection = Nats.connect(new Options.Builder().servers(servers)
                    .connectionTimeout(Duration.ofSeconds(5)).connectionName("tributary-testkit").build());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("NATS is not reachable at " + url + " (start it with `nats-server -js`, "
                    + "or name another server with -D" + URL_PROPERTY + "=nats://...): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + url, e);
        }
        try {
            jsm = connection.jetStreamManagement();
            js = connection.jetStream();
            jsm.getAccountStatistics();
        } catch (IOException | JetStreamApiException e) {
            closeQuietly();
            throw new IllegalStateException("NATS at " + url + " has no JetStream (start the server with -js): "
                    + e, e);
        }
    }

    /**
     * Returns the server the tests use: {@code -Dtributary.nats.url}, else {@code -Dtributary.nats.servers}, else
     * {@value #DEFAULT_URL}.
     *
     * @return one NATS URL or a comma-separated list
     */
    public static String configuredUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getProperty(SERVERS_ALIAS_PROPERTY);
        }
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /**
     * Returns a name no other test uses, {@code <prefix>_<12 random hex digits>}: valid as a stream, durable or
     * subject token (lower-case it for subjects by convention).
     *
     * @param prefix a readable part of the name
     * @return the fresh name; nothing is registered for deletion
     */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * Returns a stream name no other test uses ({@link #unique(String)}); it and {@code <name>_DLQ} (the connector's
     * default dead-letter stream) are deleted at close.
     *
     * @param prefix a readable part of the name
     * @return the fresh name (the stream is not created)
     */
    public String streamName(String prefix) {
        String name = unique(prefix);
        deleteStreamAtClose(name);
        deleteStreamAtClose(name + "_DLQ");
        return name;
    }

    /**
     * Returns the server's URL, for the code under test.
     *
     * @return the URL (or list) this fixture connected to
     */
    public String url() {
        return url;
    }

    /**
     * Returns the fixture's connection, e.g. for a sink under test or core NATS publishing; closed at close.
     *
     * @return the open connection
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Returns JetStream management on the fixture's connection.
     *
     * @return the management context
     */
    public JetStreamManagement jetStreamManagement() {
        return jsm;
    }

    /**
     * Returns a JetStream publishing context on the fixture's connection.
     *
     * @return the JetStream context
     */
    public JetStream jetStream() {
        return js;
    }

    /**
     * Creates a stream in memory storage on these subjects; it is deleted at close.
     *
     * @param name the stream's name
     * @param subjects the subjects it stores, wildcards allowed
     */
    public void createStream(String name, String... subjects) {
        deleteStreamAtClose(name);
        call("create stream " + name, () -> jsm.addStream(StreamConfiguration.builder().name(name)
                .subjects(subjects).storageType(StorageType.Memory).build()));
    }

    /**
     * Deletes {@code stream} at close: a stream the code under test creates, such as a dead-letter stream.
     *
     * @param stream the stream's name
     */
    public void deleteStreamAtClose(String stream) {
        cleanup.deleteAtClose(() -> jsm.deleteStream(stream));
    }

    /**
     * Stops something the code under test runs at close, before the streams are deleted, waiting up to 30 s for the
     * returned stage; a failure is ignored.
     *
     * @param stop starts the stop and returns its completion
     */
    public void stopAtClose(Supplier<? extends CompletionStage<?>> stop) {
        cleanup.stopAtClose(Objects.requireNonNull(stop, "stop"));
    }

    /**
     * Publishes one UTF-8 text message through JetStream and waits for the stream's acknowledgement.
     *
     * @param subject the subject, stored by some stream
     * @param data the message's text
     * @param headerPairs header names and values, alternating: {@code "Tributary-Key", "k1", "Trace-Id", "t1"}
     * @return the stream's acknowledgement
     * @throws IllegalArgumentException when {@code headerPairs} has an odd length
     */
    public PublishAck publish(String subject, String data, String... headerPairs) {
        if (headerPairs.length % 2 != 0) {
            throw new IllegalArgumentException("headerPairs must alternate names and values, got "
                    + headerPairs.length + " strings: " + Arrays.toString(headerPairs));
        }
        Headers headers = new Headers();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        NatsMessage message = NatsMessage.builder().subject(subject).headers(headers)
                .data(data.getBytes(StandardCharsets.UTF_8)).build();
        return call("publish to " + subject, () -> js.publish(message));
    }

    /**
     * Publishes many messages through JetStream with up to 1,000 unacknowledged at a time; returns when all are
     * acknowledged.
     *
     * @param messages the messages, each with its subject
     */
    public void publishAll(List<NatsMessage> messages) {
        List<CompletableFuture<PublishAck>> window = new ArrayList<>();
        for (NatsMessage m : messages) {
            window.add(js.publishAsync(m));
            if (window.size() == 1_000) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Tells whether a stream exists.
     *
     * @param stream the stream's name
     * @return true when the server knows it
     */
    public boolean streamExists(String stream) {
        try {
            jsm.getStreamInfo(stream);
            return true;
        } catch (JetStreamApiException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("NATS at " + url + ": stream info of " + stream + ": " + e, e);
        }
    }

    /**
     * Returns how many messages a stream holds.
     *
     * @param stream an existing stream
     * @return its message count
     */
    public long messageCount(String stream) {
        return streamInfo(stream).getStreamState().getMsgCount();
    }

    /**
     * Returns the subjects a stream stores.
     *
     * @param stream an existing stream
     * @return its configured subjects
     */
    public List<String> subjects(String stream) {
        return streamInfo(stream).getConfiguration().getSubjects();
    }

    /**
     * Returns every message a stream holds, in sequence order.
     *
     * @param stream an existing stream (without deleted messages in between)
     * @return the messages from sequence 1 to the last
     */
    public List<MessageInfo> messages(String stream) {
        long last = streamInfo(stream).getStreamState().getLastSequence();
        List<MessageInfo> all = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            long s = seq;
            all.add(call("message " + s + " of " + stream, () -> jsm.getMessage(stream, s)));
        }
        return all;
    }

    /**
     * Returns a durable consumer's state on the server (delivered, acknowledged, pending).
     *
     * @param stream the stream
     * @param durable the consumer's durable name
     * @return the consumer's info
     */
    public ConsumerInfo consumerInfo(String stream, String durable) {
        return call("consumer " + durable + " of " + stream, () -> jsm.getConsumerInfo(stream, durable));
    }

    /**
     * Returns a stored message's data as UTF-8 text.
     *
     * @param message a message read from a stream
     * @return its data as text
     */
    public static String text(MessageInfo message) {
        return new String(message.getData(), StandardCharsets.UTF_8);
    }

    /** Stops what was registered to stop, deletes the streams registered, then closes the connection. */
    @Override
    public void close() {
        cleanup.exitAll();
        closeQuietly();
    }

    /** The clean-up scopes, for {@link NatsExtension}. */
    ScopedCleanup cleanup() {
        return cleanup;
    }

    private StreamInfo streamInfo(String stream) {
        return call("stream info of " + stream, () -> jsm.getStreamInfo(stream));
    }

    private interface NatsCall<R> {
        R call() throws IOException, JetStreamApiException, InterruptedException;
    }

    private <R> R call(String what, NatsCall<R> call) {
        try {
            return call.call();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("NATS at " + url + ": " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // closing anyway
        }
    }
}
