package io.tributary.bench;

import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Settings a run changes from the defaults of the Tributary contenders: Kafka consumer properties
 * given to {@code KafkaSource} (they override its defaults), its commit batching, and the runner's
 * parallelism and buffer. Empty = the defaults.
 *
 * @param consumerProperties Kafka consumer properties
 * @param commitBatchSize the source's commit batch size, if given
 * @param commitIntervalMillis the source's commit interval, if given
 * @param parallelism the runner's parallelism, if given
 * @param bufferSize the runner's buffer (look-ahead), if given
 */
public record Tuning(Map<String, String> consumerProperties, OptionalInt commitBatchSize,
    OptionalLong commitIntervalMillis, OptionalInt parallelism, OptionalInt bufferSize) {

  /** The defaults. */
  public static final Tuning NONE = new Tuning(Map.of(), OptionalInt.empty(), OptionalLong.empty(),
      OptionalInt.empty(), OptionalInt.empty());

  public Tuning {
    consumerProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(consumerProperties));
  }

  /**
   * @return a copy with one more setting: {@code commit-batch}, {@code commit-interval-ms}, {@code
   *     parallelism} or {@code buffer-size}; any other key is a Kafka consumer property
   * @throws IllegalArgumentException when a numeric setting is not a positive integer
   */
  public Tuning with(String key, String value) {
    switch (key) {
      case "commit-batch":
        return new Tuning(consumerProperties, OptionalInt.of(positive(key, value)), commitIntervalMillis,
            parallelism, bufferSize);
      case "commit-interval-ms":
        return new Tuning(consumerProperties, commitBatchSize, OptionalLong.of(positive(key, value)), parallelism,
            bufferSize);
      case "parallelism":
        return new Tuning(consumerProperties, commitBatchSize, commitIntervalMillis,
            OptionalInt.of(positive(key, value)), bufferSize);
      case "buffer-size":
        return new Tuning(consumerProperties, commitBatchSize, commitIntervalMillis, parallelism,
            OptionalInt.of(positive(key, value)));
      default:
        Map<String, String> props = new LinkedHashMap<>(consumerProperties);
        props.put(key, value);
        return new Tuning(props, commitBatchSize, commitIntervalMillis, parallelism, bufferSize);
    }
  }

  /** @return this tuning on top of {@code base}: what this one sets wins */
  public Tuning over(Tuning base) {
    Map<String, String> props = new LinkedHashMap<>(base.consumerProperties);
    props.putAll(consumerProperties);
    return new Tuning(props,
        commitBatchSize.isPresent() ? commitBatchSize : base.commitBatchSize,
        commitIntervalMillis.isPresent() ? commitIntervalMillis : base.commitIntervalMillis,
        parallelism.isPresent() ? parallelism : base.parallelism,
        bufferSize.isPresent() ? bufferSize : base.bufferSize);
  }

  /** @return the source settings with this tuning applied */
  public <T> KafkaSourceSettings<T> apply(KafkaSourceSettings<T> settings) {
    KafkaSourceSettings<T> s = settings;
    for (Map.Entry<String, String> e : consumerProperties.entrySet()) {
      s = s.withConsumerProperty(e.getKey(), e.getValue());
    }
    if (commitBatchSize.isPresent()) {
      s = s.withCommitBatchSize(commitBatchSize.getAsInt());
    }
    if (commitIntervalMillis.isPresent()) {
      s = s.withCommitInterval(Duration.ofMillis(commitIntervalMillis.getAsLong()));
    }
    return s;
  }

  /** @return the runner's settings with this tuning applied */
  public ProcessingSettings apply(ProcessingSettings settings) {
    ProcessingSettings s = settings;
    if (parallelism.isPresent()) {
      s = s.withParallelism(parallelism.getAsInt());
    }
    if (bufferSize.isPresent()) {
      s = s.withBufferSize(bufferSize.getAsInt());
    }
    return s;
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  /** @return the settings as key/value pairs, consumer properties prefixed with {@code consumer.} */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    consumerProperties.forEach((k, v) -> m.put("consumer." + k, v));
    commitBatchSize.ifPresent(n -> m.put("commitBatchSize", Integer.toString(n)));
    commitIntervalMillis.ifPresent(n -> m.put("commitIntervalMs", Long.toString(n)));
    parallelism.ifPresent(n -> m.put("parallelism", Integer.toString(n)));
    bufferSize.ifPresent(n -> m.put("bufferSize", Integer.toString(n)));
    return m;
  }

  static int positive(String name, String value) {
    try {
      int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a positive integer, got '" + value + "'");
    }
  }
}
