package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RabbitMqExtensionTest {

    @RegisterExtension
    static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

    private static String queueOfFirstTest;
    private static String exchangeOfFirstTest;
    private static final AtomicReference<Long> readyWhenStopped = new AtomicReference<>();

    @Test
    @Order(1)
    void a_test_declares_what_it_needs_and_registers_a_stop(RabbitMqFixture rabbit) {
        assertThat(rabbit).isSameAs(rabbitMq.fixture());
        queueOfFirstTest = rabbit.queueName("first");
        exchangeOfFirstTest = rabbit.exchangeName("first");
        rabbit.declareQueue(queueOfFirstTest);
        rabbit.declareQueue(queueOfFirstTest + ".dlq");
        rabbit.withChannel(ch -> ch.exchangeDeclare(exchangeOfFirstTest, "topic"));
        rabbit.publishToQueue(queueOfFirstTest, 3, i -> "m" + i);
        // the stop runs after the test, before the deletions: it still sees the queue
        rabbit.stopAtClose(() -> CompletableFuture.runAsync(
                () -> readyWhenStopped.set(rabbit.messageCount(queueOfFirstTest))));
        assertThat(rabbit.messageCount(queueOfFirstTest)).isEqualTo(3);
    }

    @Test
    @Order(2)
    void after_a_test_its_stops_ran_first_and_its_queues_and_exchanges_are_deleted(RabbitMqFixture rabbit) {
        assertThat(readyWhenStopped.get()).isEqualTo(3L);
        assertThat(exists(rabbit, queueOfFirstTest)).isFalse();
        assertThat(exists(rabbit, queueOfFirstTest + ".dlq")).isFalse();
        assertThatThrownBy(() -> rabbit.withChannel(ch -> ch.exchangeDeclarePassive(exchangeOfFirstTest)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NOT_FOUND");
    }

    @Test
    @Order(3)
    void published_messages_come_back_in_order_with_their_headers(RabbitMqFixture rabbit) {
        String queue = rabbit.queueName("headers");
        rabbit.declareQueue(queue);
        rabbit.publish("", 3, i -> queue, i -> ("body-" + i).getBytes(StandardCharsets.UTF_8),
                i -> i == 1 ? null : Map.of("Tributary-Key", "k" + i));

        List<GetResponse> taken = rabbit.takeAll(queue);

        assertThat(taken).extracting(RabbitMqFixture::text).containsExactly("body-0", "body-1", "body-2");
        assertThat(taken).extracting(r -> RabbitMqFixture.header(r, "Tributary-Key")).containsExactly("k0", null, "k2");
        assertThat(rabbit.messageCount(queue)).isZero();
        assertThat(rabbit.consumerCount(queue)).isZero();
    }

    @Test
    @Order(4)
    void names_are_unique_and_readable() {
        RabbitMqFixture rabbit = rabbitMq.fixture();
        String a = rabbit.queueName("orders");
        String b = rabbit.queueName("orders");
        assertThat(a).startsWith("tributary-test-orders-").isNotEqualTo(b);
        assertThat(rabbit.exchangeName("events")).startsWith("tributary-test-x-events-");
    }

    @Test
    @Order(5)
    void a_plain_fixture_deletes_its_queues_at_close_and_parses_its_address() {
        String queue;
        try (RabbitMqFixture plain = new RabbitMqFixture()) {
            queue = plain.queueName("plain");
            plain.declareQueue(queue);
            assertThat(plain.uri()).isEqualTo(RabbitMqFixture.configuredUri());
            assertThat(plain.port()).isPositive();
            assertThat(plain.host()).isNotBlank();
        }
        assertThat(exists(rabbitMq.fixture(), queue)).isFalse();
    }

    @Test
    @Order(6)
    void an_unreachable_broker_fails_naming_it_without_the_password() {
        assertThatThrownBy(() -> new RabbitMqFixture("amqp://guest:secret@127.0.0.1:1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:1")
                .hasMessageContaining("-Dtributary.amqp.uri")
                .hasMessageNotContaining("secret");
    }

    private static boolean exists(RabbitMqFixture rabbit, String queue) {
        try {
            rabbit.messageCount(queue);
            return true;
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("NOT_FOUND");
            return false;
        }
    }
}
