package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.trace.MessageTracing;
import io.tributary.streams.trace.TraceContext;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the OpenTelemetry API and an SDK registered, a Kafka runner processes each record in a span of its own,
 * child of the record's {@code traceparent}, current while the handler runs.
 */
class KafkaRunnerTracingTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    GlobalOpenTelemetry.resetForTest();
    OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .buildAndRegisterGlobal();
    system = ActorSystem.create("kafka-runner-tracing-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
    GlobalOpenTelemetry.resetForTest();
  }

  private static String traceparent(int n) {
    return String.format("00-%032x-%016x-01", n + 1, n + 1);
  }

  @Test
  void each_record_is_processed_in_a_span_continuing_its_producers_trace() throws Exception {
    assertThat(MessageTracing.spans()).isTrue();
    String topic = "traced";
    kafka.createTopic(topic, 2);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
          ("v" + i).getBytes(StandardCharsets.UTF_8));
      if (i < 6) {
        r.headers().add(new RecordHeader("traceparent", traceparent(i).getBytes(StandardCharsets.UTF_8)));
      }
      records.add(r);
    }
    try (KafkaProducer<byte[], byte[]> producer = TestRecords.producer(kafka.bootstrapServers())) {
      KafkaRecords.sendAll(producer, records);
    }
    Map<String, TraceContext> seen = new ConcurrentHashMap<>();
    KafkaRunner<String> runner = KafkaRunner.start(system,
        KafkaSourceSettings.create(kafka.bootstrapServers(), "g-traced", List.of(topic), PayloadDecoder.string()),
        ProcessingSettings.defaults(), envelope -> {
          seen.put(envelope.payload(), TraceContext.current().orElseThrow());
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> runner.control().acknowledged() == 8);
    } finally {
      runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertThat(ended).hasSize(8).allSatisfy(span -> {
      assertThat(span.getName()).isEqualTo("traced process");
      assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
    });
    for (int i = 0; i < 8; i++) {
      TraceContext inHandler = seen.get("v" + i);
      SpanData span = ended.stream().filter(s -> s.getSpanId().equals(inHandler.spanId())).findFirst().orElseThrow();
      assertThat(span.getTraceId()).isEqualTo(inHandler.traceId());
      if (i < 6) {
        TraceContext producer = TraceContext.parse(traceparent(i), null).orElseThrow();
        assertThat(span.getTraceId()).as("record %d continues its producer's trace", i).isEqualTo(producer.traceId());
        assertThat(span.getParentSpanId()).isEqualTo(producer.spanId());
      } else {
        assertThat(span.getParentSpanContext().isValid()).as("record %d starts a trace", i).isFalse();
      }
    }
  }
}
