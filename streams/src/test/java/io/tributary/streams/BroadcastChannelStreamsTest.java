package io.tributary.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.BroadcastChannel.Closed;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.BroadcastChannel.Receiver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channel's Pekko Streams face: receiver sources and the channel sink. */
class BroadcastChannelStreamsTest {

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("broadcast-channel-streams-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void sink_feeds_every_receiver_source_then_closes_the_channel() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(8, Policy.BACKPRESSURE);
    CompletionStage<List<Integer>> a = channel.subscribe().source().runWith(Sink.seq(), system);
    CompletionStage<List<Integer>> b = channel.subscribe().source().runWith(Sink.seq(), system);
    CompletionStage<Done> sent = Source.range(0, 999).runWith(channel.sink(), system);
    List<Integer> expected = IntStream.range(0, 1000).boxed().toList();
    assertThat(await(sent)).isEqualTo(Done.getInstance());
    assertThat(await(a)).containsExactlyElementsOf(expected);
    assertThat(await(b)).containsExactlyElementsOf(expected);
    assertThat(channel.isClosed()).isTrue();
  }

  @Test
  void sink_keeps_a_value_parked_when_upstream_completes_and_sends_it_later() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(2, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    // Nobody reads yet: the third value parks, and the source completes while it is parked.
    Pair<CompletionStage<Done>, CompletionStage<Done>> run = Source.range(0, 2)
        .watchTermination(Keep.right())
        .toMat(channel.sink(), Keep.both())
        .run(system);
    await(run.first());
    assertThat(run.second().toCompletableFuture().isDone()).isFalse();
    List<Integer> got = await(rx.source().runWith(Sink.seq(), system));
    assertThat(got).containsExactly(0, 1, 2);
    assertThat(await(run.second())).isEqualTo(Done.getInstance());
  }

  @Test
  void lag_source_skips_lagged_values_and_counts_them_as_missed() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(4, Policy.LAG);
    Receiver<Integer> rx = channel.subscribe();
    for (int i = 0; i < 10; i++) {
      channel.offer(i);
    }
    channel.close();
    List<Integer> got = await(rx.source().runWith(Sink.seq(), system));
    assertThat(got).containsExactly(6, 7, 8, 9);
    assertThat(rx.missed()).isEqualTo(6);
  }

  @Test
  void cancelling_a_source_closes_its_receiver_and_releases_the_sender() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(2, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    CompletionStage<List<Integer>> firstTwo = rx.source().take(2).runWith(Sink.seq(), system);
    CompletionStage<Done> sent = Source.range(0, 99).runWith(channel.sink(), system);
    assertThat(await(firstTwo)).containsExactly(0, 1);
    assertThat(await(sent)).isEqualTo(Done.getInstance());
    assertThat(channel.receiverCount()).isZero();
  }

  @Test
  void a_second_materialization_fails_and_the_stream_holding_the_receiver_keeps_every_value()
      throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(4, Policy.BACKPRESSURE);
    Receiver<Integer> rx = channel.subscribe();
    Source<Integer, ?> source = rx.source();
    // Both race for the receiver in their stages' preStart; either may win.
    CompletableFuture<List<Integer>> a = source.runWith(Sink.seq(), system).toCompletableFuture();
    CompletableFuture<List<Integer>> b = source.runWith(Sink.seq(), system).toCompletableFuture();
    // The winner cannot finish before the channel closes, so the first to finish is the loser.
    try {
      await(CompletableFuture.anyOf(a, b));
      throw new AssertionError("one of the two materializations should fail");
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("materialized once");
    }
    CompletableFuture<List<Integer>> winner = a.isCompletedExceptionally() ? b : a;
    assertThat(winner).isNotDone();
    assertThat(channel.receiverCount()).isEqualTo(1);
    await(Source.range(1, 20).runWith(channel.sink(), system));
    assertThat(await(winner)).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
  }

  @Test
  void a_source_waiting_for_values_completes_when_the_channel_closes() throws Exception {
    BroadcastChannel<Integer> channel = BroadcastChannel.create(2, Policy.LAG);
    CompletionStage<List<Integer>> all = channel.subscribe().source().runWith(Sink.seq(), system);
    channel.offer(1);
    channel.close();
    assertThat(await(all)).containsExactly(1);
    try {
      channel.offer(2);
      throw new AssertionError("offer after close must fail");
    } catch (Closed expected) {
      // as documented
    }
  }
}
