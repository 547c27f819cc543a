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
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's SASL_SSL (SCRAM-SHA-512 and PLAIN) and mutual-TLS listeners, with real clients. */
class SecuredBrokerTest {

    private static final String PASSWORD = "pw-Secured-1";

    @Test
    void sasl_ssl_serves_scram_and_plain_clients_and_refuses_a_wrong_password(@TempDir Path tls) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().saslSsl("alice", PASSWORD).tlsDir(tls)
                .startupTimeout(Duration.ofSeconds(90)).build().start()) {
            assertThat(broker.security()).isEqualTo(BrokerSecurity.SASL_SSL);
            assertThat(tls.resolve("ca.pem")).content().startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(tls.resolve("truststore.p12")).isNotEmptyFile();
            Path config = broker.clientConfigFile().orElseThrow();
            assertThat(config).isEqualTo(tls.resolve("client.properties"));
            assertThat(Files.getPosixFilePermissions(config))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            Properties fromFile = new Properties();
            try (var in = Files.newInputStream(config)) {
                fromFile.load(in);
            }
            assertThat(fromFile).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

            broker.createTopic("secured", 1);
            Map<String, Object> scram = clientConfig(broker, fromFile);
            roundTrip(scram, "secured", "via-scram");

            Map<String, Object> plain = clientConfig(broker, fromFile);
            plain.put("sasl.mechanism", "PLAIN");
            plain.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"alice\" password=\"" + PASSWORD + "\";");
            roundTrip(plain, "secured", "via-plain");

            Map<String, Object> wrong = clientConfig(broker, fromFile);
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"alice\" password=\"not-it\";");
            assertThatThrownBy(() -> describe(wrong)).hasCauseInstanceOf(SaslAuthenticationException.class);

            Map<String, Object> untrusted = clientConfig(broker, fromFile);
            untrusted.remove("ssl.truststore.location");
            untrusted.remove("ssl.truststore.type");
            untrusted.remove("ssl.truststore.password");
            assertThatThrownBy(() -> describe(untrusted)).hasCauseInstanceOf(SslAuthenticationException.class)
                    .rootCause().hasMessageContaining("unable to find valid certification path");
        }
    }

    @Test
    void mutual_tls_serves_a_client_with_the_signed_certificate_and_refuses_one_without(@TempDir Path tls)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().mutualTls().tlsDir(tls)
                .startupTimeout(Duration.ofSeconds(90)).build().start()) {
            assertThat(tls.resolve("client.p12")).isNotEmptyFile();
            broker.createTopic("mtls", 1);
            Map<String, Object> withCert = new HashMap<>(broker.clientProperties());
            withCert.put("bootstrap.servers", broker.bootstrapServers());
            roundTrip(withCert, "mtls", "via-mtls");

            Map<String, Object> noCert = new HashMap<>(withCert);
            noCert.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
            assertThatThrownBy(() -> describe(noCert)).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static Map<String, Object> clientConfig(EmbeddedKafkaBroker broker, Properties fromFile) {
        Map<String, Object> config = new HashMap<>();
        fromFile.forEach((k, v) -> config.put((String) k, v));
        config.put("bootstrap.servers", broker.bootstrapServers());
        return config;
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
