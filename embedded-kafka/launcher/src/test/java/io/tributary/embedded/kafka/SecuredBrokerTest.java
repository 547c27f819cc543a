package io.tributary.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's mutual-TLS listener, with real clients. SASL_SSL (SCRAM-SHA-512 and PLAIN, wrong password,
 * untrusted CA, plaintext client) is exercised through {@code ./tributary broker --security sasl_ssl} by the CLI's
 * {@code SecuredKafkaCommandsTest}, so that one secured broker start serves both.
 */
class SecuredBrokerTest {

    @Test
    void mutual_tls_serves_a_client_with_the_signed_certificate_and_refuses_one_without(@TempDir Path tls)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().mutualTls().tlsDir(tls)
                .startupTimeout(Duration.ofSeconds(90)).build().start()) {
            assertThat(broker.security()).isEqualTo(BrokerSecurity.MTLS);
            assertThat(tls.resolve("client.p12")).isNotEmptyFile();
            assertThat(tls.resolve("ca.pem")).content().startsWith("-----BEGIN CERTIFICATE-----");
            Path config = broker.clientConfigFile().orElseThrow();
            assertThat(config).isEqualTo(tls.resolve("client.properties"));
            assertThat(Files.getPosixFilePermissions(config))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            Properties fromFile = new Properties();
            try (var in = Files.newInputStream(config)) {
                fromFile.load(in);
            }
            assertThat(fromFile).containsEntry("security.protocol", "SSL");
            broker.createTopic("mtls", 1);
            Map<String, Object> withCert = new HashMap<>(broker.clientProperties());
            withCert.put("bootstrap.servers", broker.bootstrapServers());
            roundTrip(withCert, "mtls", "via-mtls");

            Map<String, Object> noCert = new HashMap<>(withCert);
            noCert.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
            assertThatThrownBy(() -> describe(noCert)).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static void describe(Map<String, Object> config) throws Exception {
        Map<String, Object> c = new HashMap<>(config);
        c.put("default.api.timeout.ms", 10_000);
        c.put("request.timeout.ms", 10_000);
        try (Admin admin = Admin.create(c)) {
            admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
        }
    }

    private static void roundTrip(Map<String, Object> config, String topic, String value) throws Exception {
        Map<String, Object> producerConfig = new HashMap<>(config);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new HashMap<>(config);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + value);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.contains(value) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        assertThat(seen).contains(value);
    }
}
