package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedEmbeddedKafkaExtensionTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

    @Test
    void the_shared_extension_serves_the_jvms_one_running_broker(EmbeddedKafkaBroker broker) throws Exception {
        assertThat(broker).isSameAs(kafka.broker()).isSameAs(SharedKafkaBroker.get());
        assertThat(broker.isRunning()).isTrue();
        kafka.createTopic("shared-extension-topic", 2);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("shared-extension-topic");
        }
    }

    @Test
    void another_class_gets_the_same_broker_and_its_end_leaves_the_broker_running() {
        // what JUnit does for a second test class that registers EmbeddedKafkaExtension.shared(): the shared mode
        // reads nothing from the context
        EmbeddedKafkaExtension other = EmbeddedKafkaExtension.shared();
        other.beforeAll(null);
        assertThat(other.broker()).isSameAs(kafka.broker());
        other.afterAll(null);
        assertThat(kafka.broker().isRunning()).as("the shared broker outlives a class's end").isTrue();
        assertThat(other.broker()).isSameAs(kafka.broker());
    }
}
