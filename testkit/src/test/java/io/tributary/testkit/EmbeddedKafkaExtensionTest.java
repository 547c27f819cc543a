package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaExtensionTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static final Set<Long> brokerPidsSeen = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void every_test_of_the_class_used_one_broker() {
        assertThat(brokerPidsSeen).hasSize(1);
        assertThat(kafka.broker().isRunning()).isTrue();
    }

    @Test
    void a_test_sees_the_running_shared_broker() {
        record();
        assertThat(kafka.broker().isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.broker().port());
    }

    @Test
    void a_broker_parameter_resolves_to_the_shared_broker(EmbeddedKafkaBroker broker) {
        record();
        assertThat(broker).isSameAs(kafka.broker());
    }

    @Test
    void created_topics_are_listed_by_the_broker() throws Exception {
        record();
        kafka.createTopic("extension-topic", 3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("extension-topic");
        }
    }

    @Test
    void producing_to_a_missing_topic_fails_because_topics_are_not_created_automatically() {
        record();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-such-topic", "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("no-such-topic");
        }
    }

    @Nested
    class WhenNested {
        @Test
        void a_nested_test_shares_the_outer_broker(EmbeddedKafkaBroker broker) {
            record();
            assertThat(broker).isSameAs(kafka.broker());
        }
    }

    private static void record() {
        brokerPidsSeen.add(kafka.broker().process().orElseThrow().pid());
    }
}
