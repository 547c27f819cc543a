package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsExtensionTest {

    @RegisterExtension
    static final NatsExtension natsServer = new NatsExtension();

    private static String classStream;
    private static String streamOfFirstTest;
    private static final AtomicReference<Boolean> existedWhenStopped = new AtomicReference<>();

    @BeforeAll
    static void createClassStream(NatsFixture nats) {
        classStream = nats.streamName("CLASS");
        nats.createStream(classStream, classStream.toLowerCase() + ".>");
    }

    @Test
    @Order(1)
    void a_test_creates_a_stream_and_registers_a_stop(NatsFixture nats) {
        assertThat(nats).isSameAs(natsServer.fixture());
        streamOfFirstTest = nats.streamName("FIRST");
        nats.createStream(streamOfFirstTest, streamOfFirstTest.toLowerCase() + ".>");
        nats.stopAtClose(() -> CompletableFuture.runAsync(
                () -> existedWhenStopped.set(nats.streamExists(streamOfFirstTest))));
        assertThat(nats.streamExists(streamOfFirstTest)).isTrue();
        assertThat(nats.subjects(streamOfFirstTest)).containsExactly(streamOfFirstTest.toLowerCase() + ".>");
    }

    @Test
    @Order(2)
    void after_a_test_its_stops_ran_first_and_its_streams_are_deleted_but_the_class_streams_stay(NatsFixture nats) {
        assertThat(existedWhenStopped.get()).isTrue();
        assertThat(nats.streamExists(streamOfFirstTest)).isFalse();
        assertThat(nats.streamExists(classStream)).isTrue();
    }

    @Test
    @Order(3)
    void published_messages_are_stored_in_order_with_their_headers(NatsFixture nats) {
        String stream = nats.streamName("PUB");
        String subject = stream.toLowerCase() + ".orders";
        nats.createStream(stream, subject);

        PublishAck ack = nats.publish(subject, "first", "Tributary-Key", "k1", "Trace-Id", "t1");
        nats.publish(subject, "second");

        assertThat(ack.getStream()).isEqualTo(stream);
        assertThat(nats.messageCount(stream)).isEqualTo(2);
        List<MessageInfo> messages = nats.messages(stream);
        assertThat(messages).extracting(NatsFixture::text).containsExactly("first", "second");
        assertThat(messages.get(0).getHeaders().getFirst("Tributary-Key")).isEqualTo("k1");
        assertThat(messages.get(0).getHeaders().getFirst("Trace-Id")).isEqualTo("t1");
    }

    @Test
    @Order(4)
    void header_pairs_of_odd_length_are_refused(NatsFixture nats) {
        assertThatThrownBy(() -> nats.publish("x.y", "data", "Tributary-Key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alternate names and values");
    }

    @Test
    @Order(5)
    void the_url_property_wins_over_its_alias_which_wins_over_the_default() {
        String url = System.getProperty(NatsFixture.URL_PROPERTY);
        String servers = System.getProperty(NatsFixture.SERVERS_ALIAS_PROPERTY);
        try {
            System.clearProperty(NatsFixture.URL_PROPERTY);
            System.clearProperty(NatsFixture.SERVERS_ALIAS_PROPERTY);
            assertThat(NatsFixture.configuredUrl()).isEqualTo("nats://127.0.0.1:4222");
            System.setProperty(NatsFixture.SERVERS_ALIAS_PROPERTY, "nats://alias:4222");
            assertThat(NatsFixture.configuredUrl()).isEqualTo("nats://alias:4222");
            System.setProperty(NatsFixture.URL_PROPERTY, "nats://url:4222");
            assertThat(NatsFixture.configuredUrl()).isEqualTo("nats://url:4222");
        } finally {
            restore(NatsFixture.URL_PROPERTY, url);
            restore(NatsFixture.SERVERS_ALIAS_PROPERTY, servers);
        }
    }

    @Test
    @Order(6)
    void a_plain_fixture_deletes_its_streams_at_close() {
        String stream;
        try (NatsFixture plain = new NatsFixture()) {
            stream = plain.streamName("PLAIN");
            plain.createStream(stream, stream.toLowerCase());
            assertThat(plain.streamExists(stream)).isTrue();
        }
        assertThat(natsServer.fixture().streamExists(stream)).isFalse();
    }

    @Test
    @Order(7)
    void an_unreachable_server_fails_naming_it_and_the_property() {
        assertThatThrownBy(() -> new NatsFixture("nats://127.0.0.1:1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NATS is not reachable at nats://127.0.0.1:1")
                .hasMessageContaining("-Dtributary.nats.url");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
