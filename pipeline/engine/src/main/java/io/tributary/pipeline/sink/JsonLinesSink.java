package io.tributary.pipeline.sink;

import io.tributary.pipeline.event.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.function.Creator;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events as JSON lines in batches (up to 1024 events or 20 ms), and marks a batch's
 * deliveries done only after the batch was written and flushed. Opens its writer when the stream
 * starts and closes it when the stream ends, before the sink's completion completes. Runs on
 * Pekko's blocking-IO dispatcher.
 */
final class JsonLinesSink {

  private static final Logger log = LoggerFactory.getLogger(JsonLinesSink.class);
  private static final int MAX_BATCH = 1024;
  private static final Duration MAX_WAIT = Duration.ofMillis(20);

  private JsonLinesSink() {}

  /** @return a sink writing to the writer {@code open} creates at materialization */
  static Sink<Delivery, CompletionStage<Done>> create(String name, Creator<LineWriter> open) {
    return Sink.<Delivery, CompletionStage<Done>>fromMaterializer((materializer, attributes) -> {
      LineWriter writer;
      try {
        writer = open.create();
      } catch (Exception e) {
        return Sink.<Delivery>cancelled().mapMaterializedValue(n -> CompletableFuture.<Done>failedFuture(e));
      }
      return Flow.<Delivery>create()
          .groupedWithin(MAX_BATCH, MAX_WAIT)
          .toMat(Sink.foreach(batch -> write(writer, batch)), Keep.right())
          .mapMaterializedValue(done -> closeWhenDone(name, writer, done));
    })
        .mapMaterializedValue(nested -> nested.thenCompose(done -> done))
        .async("pekko.stream.blocking-io-dispatcher");
  }

  private static void write(LineWriter writer, List<Delivery> batch) throws IOException {
    StringBuilder lines = new StringBuilder(batch.size() * 128);
    for (Delivery d : batch) {
      lines.append(d.event().toJson()).append('\n');
    }
    writer.writeAndFlush(lines.toString());
    for (Delivery d : batch) {
      d.done();
    }
  }

  private static CompletionStage<Done> closeWhenDone(String name, LineWriter writer, CompletionStage<Done> done) {
    CompletableFuture<Done> result = new CompletableFuture<>();
    done.whenComplete((d, error) -> {
      try {
        writer.close();
      } catch (IOException e) {
        log.warn("{}: closing failed: {}", name, e.toString());
        if (error == null) {
          result.completeExceptionally(e);
          return;
        }
      }
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(Done.getInstance());
      }
    });
    return result;
  }
}
