package io.tributary.connectors.kafka;

import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.ProcessingFailure;
import io.tributary.streams.processing.ProcessingStoppedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread of a {@link TransactionalKafkaRunner}: owns a plain {@link KafkaConsumer} and a transactional
 * {@link KafkaProducer}, hands records to the processing stream through a bounded queue (pausing its partitions
 * while the queue is full), sends each done record's results into the open transaction once its partition's
 * contiguous done prefix covers it, and commits the transaction (offsets with the consumer's real group metadata) on
 * an interval and a size. A failed transaction aborts and every owned partition is sought back to its last committed
 * offset. Rebalance callbacks run here, inside {@code poll}: a revocation drains, commits, then releases.
 *
 * <p>Locking: {@code this} guards the assignments, the held results and the transaction state; acknowledgements take
 * it from any thread; the commit itself (a network round trip) runs outside it, with {@code committing} set so that
 * acknowledgements meanwhile only hold their results.
 *
 * @param <T> the payload type
 */
final class TransactionalLoop<T> implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TransactionalLoop.class);
  private static final Duration POLL = Duration.ofMillis(20);
  /** How long the poll thread parks between looks at a full queue. */
  private static final long ROOM_PARK_NANOS = 100_000;

  /**
   * One partition in one assignment epoch: the safe-commit tracker and the results held until their offset is in
   * the contiguous done prefix. Replaced on every rewind and re-assignment; a retired one ignores late acks.
   */
  static final class Assignment {
    final TopicPartition partition;
    final PartitionOffsets offsets;
    /** Results of done offsets above the done prefix, by offset; guarded by the loop. */
    final NavigableMap<Long, List<ProducerRecord<byte[], byte[]>>> held = new TreeMap<>();
    /** The offset below which results were sent into the transaction (next offset to commit), or -1. */
    long sentTo = -1;
    /** The offset committed last (next offset to consume). */
    long committedTo;

    Assignment(TopicPartition partition, long committedTo) {
      this.partition = partition;
      this.offsets = new PartitionOffsets(partition);
      this.committedTo = committedTo;
    }
  }

  private final KafkaSourceSettings<T> settings;
  private final TransactionalSettings tx;
  private BoundedSourceQueue<Envelope<T>> queue;
  private final int queueCapacity;
  private final TransactionalDeadLetters<T> decodeDeadLetters;
  private final String transactionalId;

  // ---- guarded by this ----
  private final Map<TopicPartition, Assignment> assignments = new HashMap<>();
  private boolean transactionOpen;
  private boolean committing;
  private int recordsInTransaction;
  private long transactionStartNanos;
  private final List<CompletableFuture<Done>> abortRequests = new ArrayList<>();
  private Throwable abortCause;

  // ---- poll thread only ----
  private KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> producer;
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  /** The commit running on the committer thread, its offsets and why; poll thread only (read under the lock). */
  private CompletableFuture<Void> commitInFlight;
  private Map<TopicPartition, OffsetAndMetadata> commitOffsets = Map.of();
  private String commitWhy = "";
  private final ExecutorService committer;
  private int abortsInRow;
  private boolean queueCompleted;

  // ---- observed from anywhere ----
  private volatile boolean stopRequested;
  private volatile boolean shutdownRequested;
  private final Map<TopicPartition, Long> committedOffsets = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();
  /** Done records whose results wait to be sent (above a stuck prefix, or while a commit runs); written under lock. */
  private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
  /** Intake pauses while this many records' results wait: a slow commit cannot make them pile up. */
  private final int holdLimit;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong aborts = new AtomicLong();
  final CompletableFuture<Done> ready = new CompletableFuture<>();
  final CompletableFuture<Done> stopped = new CompletableFuture<>();
  final CompletableFuture<Done> shutDown = new CompletableFuture<>();

  TransactionalLoop(KafkaSourceSettings<T> settings, TransactionalSettings tx, int queueCapacity) {
    this.settings = settings;
    this.tx = tx;
    this.queueCapacity = queueCapacity;
    this.holdLimit = Math.max(queueCapacity, tx.commitSize());
    this.transactionalId = tx.transactionalIdFor(settings.groupId());
    this.decodeDeadLetters = new TransactionalDeadLetters<>(this, settings::deadLetterTopic, false);
    this.committer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tributary-transactional-commit-" + transactionalId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the poll thread, feeding {@code into} (the stream's queue, materialized). */
  void start(BoundedSourceQueue<Envelope<T>> into) {
    if (queue != null) {
      throw new IllegalStateException("a transactional Kafka source runs once: create another one");
    }
    this.queue = into;
    Thread thread = new Thread(this, "tributary-transactional-" + transactionalId);
    thread.setDaemon(true);
    thread.start();
  }

  // ---- the poll thread ----

  @Override
  public void run() {
    Throwable failure = null;
    try {
      producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
      producer.initTransactions(); // fences an earlier producer with our transactional.id, aborting its transaction
      for (String topic : tx.outputTopics()) {
        producer.partitionsFor(topic); // metadata now, not in the first send (which runs under the loop's lock)
      }
      consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(settings.topics(), new Rebalance());
      log.info("transactional consumer of {} (group {}) producing as transactional.id {}", settings.topics(),
          settings.groupId(), transactionalId);
      while (!shutdownRequested) {
        rewindIfRequested();
        if (stopRequested) {
          stopIntake();
        }
        offerPending();
        pauseOrResume();
        // With records waiting for room in the queue the partitions are paused and a poll would only sit out its
        // timeout: wait for room instead (briefly, the poll keeps the group membership), then poll without waiting.
        boolean waiting = !pending.isEmpty() && !queueCompleted;
        if (waiting) {
          awaitRoom();
          offerPending();
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(waiting ? Duration.ZERO : POLL);
        } catch (WakeupException e) {
          continue;
        }
        if (!stopRequested) {
          for (ConsumerRecord<byte[], byte[]> r : records) {
            pending.add(r);
          }
          offerPending();
        }
        finishCommitIfDone();
        if (log.isDebugEnabled() && System.nanoTime() - lastStateLog > STATE_LOG_NANOS) {
          lastStateLog = System.nanoTime();
          log.debug("state: {}", state());
        }
        if (commitDue()) {
          startCommit("interval or size");
        }
      }
      commitOrAbort("shutdown");
    } catch (Throwable e) {
      failure = e;
      log.error("transactional runner of {} stops: {}", settings.topics(), e.toString());
    } finally {
      close(failure);
    }
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Only committed input: an upstream transactional producer's aborted records are never processed.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    p.putAll(settings.consumerProperties());
    return p;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(tx.transactionTimeout().toMillis()));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    // the client config's security (TLS, SASL) is the consumer's and the producer's alike
    settings.consumerProperties().forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        p.put(k, v);
      }
    });
    p.putAll(tx.producerProperties());
    return p;
  }

  private void stopIntake() {
    if (!queueCompleted) {
      queueCompleted = true;
      pending.clear(); // never registered: the next owner (or a restart) fetches them again
      queue.complete();
      stopped.complete(Done.getInstance());
      log.info("transactional runner of {}: intake stopped", settings.topics());
    }
  }

  private long lastStateLog = System.nanoTime();
  private static final long STATE_LOG_NANOS = 2_000_000_000L;

  /** @return the loop's state in one line, for debugging a stall */
  private synchronized String state() {
    StringBuilder b = new StringBuilder();
    b.append("pending=").append(pending.size()).append(" queued=").append(queue.size())
        .append(" paused=").append(consumer.paused().size()).append(" open=").append(transactionOpen)
        .append(" committing=").append(committing).append(" inFlightCommit=").append(commitInFlight != null)
        .append(" abort=").append(abortCause != null).append(" held=").append(held.get());
    new TreeMap<>(names(assignments.keySet())).forEach((name, tp) -> {
      Assignment a = assignments.get(tp);
      b.append(' ').append(name).append("{committed=").append(a.committedTo).append(" sent=").append(a.sentTo)
          .append(" done=").append(a.offsets.safeOffset()).append(" last=").append(a.offsets.lastHandedOut())
          .append(" open=").append(a.offsets.open()).append(" held=").append(a.held.size()).append('}');
    });
    return b.toString();
  }

  /** Waits up to the poll interval for room in the queue (parking briefly between looks), or for a stop or abort. */
  private void awaitRoom() {
    long deadline = System.nanoTime() + POLL.toNanos();
    while (!hasRoom() && System.nanoTime() < deadline && !stopRequested && !abortRequested()) {
      LockSupport.parkNanos(ROOM_PARK_NANOS);
    }
  }

  /** Whether the stream may take another record: room in the queue, and not too many results waiting. */
  private boolean hasRoom() {
    return queue.size() < queueCapacity && held.get() < holdLimit;
  }

  private synchronized boolean abortRequested() {
    return abortCause != null;
  }

  /** Hands pending records to the stream while the queue has room; only this thread offers. */
  private void offerPending() {
    while (!pending.isEmpty() && !queueCompleted && hasRoom()) {
      ConsumerRecord<byte[], byte[]> record = pending.poll();
      Envelope<T> envelope = toEnvelope(record);
      if (envelope != null) {
        QueueOfferResult offered = queue.offer(envelope);
        if (!(offered instanceof QueueOfferResult.Enqueued$)) {
          // the stream ended (failed or cancelled): nothing handed to it any more will finish
          throw new IllegalStateException("the processing stream no longer takes records (" + offered + ")");
        }
      }
    }
  }

  /**
   * Pauses every owned partition while records wait for room in the queue, resumes them when it is drained. The
   * consumer's own pause state is the truth: a partition that comes back in a rebalance may keep it.
   */
  private void pauseOrResume() {
    Set<TopicPartition> paused = consumer.paused();
    if (!pending.isEmpty() || queueCompleted) {
      Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
      toPause.removeAll(paused);
      if (!toPause.isEmpty()) {
        consumer.pause(toPause);
      }
    } else if (!paused.isEmpty()) {
      consumer.resume(paused);
    }
  }

  /** The envelope of a record (its offset registered), or null when it is not handed out. */
  private Envelope<T> toEnvelope(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    Assignment a;
    synchronized (this) {
      a = assignments.get(tp);
    }
    if (a == null || !a.offsets.register(record.offset(), null)) {
      return null; // revoked, rewound past, or a copy handed out already
    }
    TransactionalAck ack = new TransactionalAck(this, a, record.offset());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    List<Header> headers = new ArrayList<>();
    for (org.apache.kafka.common.header.Header h : record.headers()) {
      headers.add(new Header(h.key(), h.value()));
    }
    Instant timestamp = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    SourcePosition position = new SourcePosition(record.topic(), record.partition(), record.offset());
    try {
      T payload = settings.decoder().decode(record.value());
      return new Envelope<>(key, payload, headers, timestamp, position, ack, record.key(), record.value());
    } catch (Exception e) {
      log.warn("payload of {} cannot be decoded ({}); dead-lettering it in the transaction", position, e.toString());
      Envelope<byte[]> raw = new Envelope<>(key, record.value() == null ? new byte[0] : record.value(), headers,
          timestamp, position, ack, record.key(), record.value());
      ack.results(List.of(decodeDeadLetters.record(
          DeadLetter.of(raw, ProcessingFailure.of(e, 1, Instant.now()), DeadLetterStage.DECODE))));
      ack.ack();
      return null;
    }
  }

  // ---- acknowledgements (any thread) ----

  /** A record is done with these results: hold them, and send what the done prefix now covers. */
  synchronized void done(TransactionalAck ack, List<ProducerRecord<byte[], byte[]>> results) {
    Assignment a = ack.partition;
    if (!a.offsets.complete(ack.offset)) {
      return; // retired (revoked or rewound): the records run again from the committed offset
    }
    acknowledged.incrementAndGet();
    if (!results.isEmpty() && a.held.put(ack.offset, results) == null) {
      held.incrementAndGet();
    }
    if (!committing && abortCause == null) {
      send(a);
    }
  }

  /** Sends the held results below the done prefix into the open transaction (beginning one), in offset order. */
  private void send(Assignment a) {
    long safe = a.offsets.safeOffset();
    if (safe <= a.sentTo || safe <= a.committedTo) {
      return;
    }
    try {
      if (!transactionOpen) {
        producer.beginTransaction();
        transactionOpen = true;
        recordsInTransaction = 0;
        transactionStartNanos = System.nanoTime();
      }
      long from = a.sentTo < 0 ? a.committedTo : a.sentTo;
      NavigableMap<Long, List<ProducerRecord<byte[], byte[]>>> covered = a.held.headMap(safe, false);
      for (List<ProducerRecord<byte[], byte[]>> records : covered.values()) {
        for (ProducerRecord<byte[], byte[]> r : records) {
          producer.send(r, (metadata, error) -> {
            if (error != null && !(error instanceof TransactionAbortedException)) {
              log.warn("send to {} failed in the transaction ({}); it will abort", r.topic(), error.toString());
            }
          });
        }
      }
      held.addAndGet(-covered.size());
      covered.clear();
      recordsInTransaction += (int) Math.min(Integer.MAX_VALUE, safe - from);
      a.sentTo = safe;
    } catch (RuntimeException e) {
      // A producer in error (fenced, or a failed send): the poll thread aborts and rewinds, or stops when fatal.
      log.warn("sending into the transaction failed ({}); aborting it", e.toString());
      transactionOpen = true; // whatever was begun must be aborted
      if (abortCause == null) {
        abortCause = e;
      }
      wakeup();
    }
  }

  private synchronized boolean commitDue() {
    return transactionOpen && commitInFlight == null && (recordsInTransaction >= tx.commitSize()
        || System.nanoTime() - transactionStartNanos >= tx.commitInterval().toNanos());
  }

  // ---- commit and abort (poll thread) ----

  /**
   * Starts committing the open transaction on the committer thread: the offsets sent so far, with the consumer's
   * real group metadata (read here, on the poll thread). Acknowledgements meanwhile only hold their results; the
   * poll thread goes on fetching. Returns false when there is nothing to commit.
   */
  private boolean startCommit(String why) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    synchronized (this) {
      if (!transactionOpen || abortCause != null || commitInFlight != null) {
        return false;
      }
      committing = true;
      for (Assignment a : assignments.values()) {
        if (a.sentTo > a.committedTo) {
          offsets.put(a.partition, new OffsetAndMetadata(a.sentTo));
        }
      }
    }
    // The consumer's real group metadata (member id, generation): a member that lost its partitions is fenced.
    ConsumerGroupMetadata group = consumer.groupMetadata();
    commitOffsets = offsets;
    commitWhy = why;
    CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, group);
      }
      producer.commitTransaction();
    }, committer);
    commitInFlight = commit;
    commit.whenComplete((done, error) -> wakeup()); // the poll thread finishes it at once
    return true;
  }

  /** Waits for the commit in flight, if any; returns its error, or null when it succeeded (or there was none). */
  private Throwable awaitCommit() {
    CompletableFuture<Void> commit = commitInFlight;
    if (commit == null) {
      return null;
    }
    Throwable error = commit.handle((done, e) -> e).join();
    commitInFlight = null;
    if (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error == null) {
      committed(commitOffsets, commitWhy);
      return null;
    }
    if (error instanceof ProducerFencedException || error instanceof InvalidProducerEpochException
        || error instanceof AuthorizationException || error instanceof UnsupportedVersionException
        || !(error instanceof KafkaException)) {
      throw error instanceof RuntimeException r ? r : new KafkaException(error);
    }
    log.warn("transaction commit on {} failed ({}); aborting and rewinding", commitWhy, error.toString());
    synchronized (this) {
      committing = false;
    }
    return error;
  }

  /** Finishes the commit in flight (rewinding when it failed) once it completed. */
  private void finishCommitIfDone() {
    if (commitInFlight != null && commitInFlight.isDone()) {
      Throwable error = awaitCommit();
      if (error != null) {
        rewind(error);
      }
    }
  }

  /** Commits the open transaction now and waits (revocation, shutdown); a failure aborts it and rewinds. */
  private void commitOrAbort(String why) {
    Throwable error = awaitCommit();
    if (error == null && startCommit(why)) {
      error = awaitCommit();
    }
    if (error != null) {
      rewind(error);
    }
  }

  /** A commit succeeded: record it, and send what was acknowledged while it ran (into a new transaction). */
  private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, String why) {
    commits.incrementAndGet();
    abortsInRow = 0;
    synchronized (this) {
      committing = false;
      transactionOpen = false;
      offsets.forEach((tp, om) -> {
        Assignment a = assignments.get(tp);
        if (a != null) {
          a.committedTo = Math.max(a.committedTo, om.offset());
          a.offsets.committed(om.offset());
        }
        committedOffsets.merge(tp, om.offset(), Math::max);
      });
      for (Assignment a : assignments.values()) {
        send(a);
      }
    }
    log.debug("committed transaction on {}: {}", why, offsets);
  }

  /**
   * Called by the dead-letter sink under the {@code STOP} policy: aborts the open transaction and rewinds. Completes
   * once rewound (the failed record's acknowledgement is ignored then), or fails when aborts in a row exceed the
   * bound.
   */
  synchronized CompletionStage<Done> abortAndRewind(TransactionalAck failed, Throwable cause) {
    if (failed.partition.offsets.isRetired()) {
      return CompletableFuture.completedFuture(Done.getInstance()); // already rewound past it
    }
    CompletableFuture<Done> request = new CompletableFuture<>();
    abortRequests.add(request);
    if (abortCause == null) {
      abortCause = cause;
      log.warn("handler failed for {}-{}@{} ({}); aborting the transaction", failed.partition.partition.topic(),
          failed.partition.partition.partition(), failed.offset, String.valueOf(cause));
    }
    if (consumer != null) {
      consumer.wakeup();
    }
    return request;
  }

  private void rewindIfRequested() {
    Throwable cause;
    synchronized (this) {
      cause = abortCause;
    }
    if (cause != null) {
      rewind(cause);
    }
  }

  /** Aborts the open transaction, retires every assignment and seeks each owned partition to its committed offset. */
  private void rewind(Throwable cause) {
    // A commit in flight settles first: when it succeeded, its offsets are where the rewind goes back to.
    awaitCommit();
    List<CompletableFuture<Done>> requests;
    boolean open;
    synchronized (this) {
      committing = true; // no sends from now on
      for (Assignment a : assignments.values()) {
        a.offsets.retire();
        held.addAndGet(-a.held.size());
        a.held.clear();
      }
      open = transactionOpen;
      requests = new ArrayList<>(abortRequests);
      abortRequests.clear();
    }
    pending.clear();
    if (open) {
      producer.abortTransaction(); // fatal errors (fenced) are thrown
    }
    aborts.incrementAndGet();
    abortsInRow++;
    Set<TopicPartition> owned;
    synchronized (this) {
      owned = Set.copyOf(assignments.keySet());
    }
    synchronized (this) {
      Map<TopicPartition, Assignment> fresh = new HashMap<>();
      for (TopicPartition tp : owned) {
        Assignment old = assignments.get(tp);
        long committed = old != null ? old.committedTo : positionOf(tp);
        fresh.put(tp, new Assignment(tp, committed));
        consumer.seek(tp, committed);
      }
      assignments.clear();
      assignments.putAll(fresh);
      transactionOpen = false;
      committing = false;
      abortCause = null;
    }
    log.warn("transaction aborted ({}); rewound {} to the last committed offsets ({} in a row)", cause.toString(),
        owned, abortsInRow);
    if (abortsInRow > tx.maxAborts()) {
      ProcessingStoppedException stop = new ProcessingStoppedException("transaction aborted " + abortsInRow
          + " times in a row (max-aborts " + tx.maxAborts() + "); stopping", null, cause);
      requests.forEach(r -> r.completeExceptionally(stop));
      throw stop;
    }
    requests.forEach(r -> r.complete(Done.getInstance()));
  }

  /** Rebalance callbacks, inside {@code poll} on the poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      // Each partition starts at the group's committed offset, whatever the consumer fetched before: a partition
      // that comes back in a rebalance may keep its fetch position, past records this instance never committed.
      Map<TopicPartition, OffsetAndMetadata> committed = assigned.isEmpty() ? Map.of()
          : committedOf(new HashSet<>(assigned));
      Map<TopicPartition, Long> starts = new HashMap<>();
      for (TopicPartition tp : assigned) {
        OffsetAndMetadata om = committed.get(tp);
        if (om != null) {
          consumer.seek(tp, om.offset());
          starts.put(tp, om.offset());
        } else {
          if ("latest".equals(settings.consumerProperties().get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG))) {
            consumer.seekToEnd(List.of(tp));
          } else {
            consumer.seekToBeginning(List.of(tp)); // no commit yet: from the earliest, the runner's reset policy
          }
          starts.put(tp, positionOf(tp));
        }
      }
      synchronized (TransactionalLoop.this) {
        starts.forEach((tp, start) -> {
          assignments.put(tp, new Assignment(tp, start));
          committedOffsets.merge(tp, start, Math::max); // another member may have committed it further
        });
      }
      log.info("assigned partitions {}", new TreeMap<>(names(assigned)).keySet());
      if (!assigned.isEmpty()) {
        ready.complete(Done.getInstance());
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      long deadline = System.nanoTime() + (stopRequested ? 0 : settings.revokeDrainTimeout().toNanos());
      List<Assignment> leaving = new ArrayList<>();
      synchronized (TransactionalLoop.this) {
        for (TopicPartition tp : revoked) {
          Assignment a = assignments.get(tp);
          if (a != null) {
            leaving.add(a);
          }
        }
      }
      for (Assignment a : leaving) {
        try {
          int left = a.offsets.withdrawAndAwait(Math.max(0, deadline - System.nanoTime()));
          if (left > 0) {
            log.warn("revoking {}: {} records unfinished after the drain window", a.partition, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      rewindIfRequested();
      commitOrAbort("revocation"); // the transaction holds only the contiguous done prefix: commit it before leaving
      synchronized (TransactionalLoop.this) {
        for (TopicPartition tp : revoked) {
          Assignment a = assignments.remove(tp);
          if (a != null) {
            a.offsets.retire();
            held.addAndGet(-a.held.size());
            a.held.clear();
          }
        }
      }
      pending.removeIf(r -> revoked.contains(new TopicPartition(r.topic(), r.partition())));
      log.info("revoked partitions {}", new TreeMap<>(names(revoked)).keySet());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      log.warn("lost partitions {}: the open transaction aborts", new TreeMap<>(names(lost)).keySet());
      synchronized (TransactionalLoop.this) {
        for (TopicPartition tp : lost) {
          Assignment a = assignments.remove(tp);
          if (a != null) {
            a.offsets.retire();
            held.addAndGet(-a.held.size());
            a.held.clear();
          }
        }
      }
      pending.removeIf(r -> lost.contains(new TopicPartition(r.topic(), r.partition())));
      rewind(new KafkaException("partitions lost: " + lost));
    }
  }

  private void close(Throwable failure) {
    synchronized (this) {
      for (Assignment a : assignments.values()) {
        a.offsets.retire();
      }
      abortRequests.forEach(r -> r.completeExceptionally(failure != null ? failure
          : new IllegalStateException("the transactional runner shut down")));
      abortRequests.clear();
    }
    if (!queueCompleted) {
      queueCompleted = true;
      if (failure != null) {
        queue.fail(failure);
      } else {
        queue.complete();
      }
    }
    if (failure != null) {
      ready.completeExceptionally(failure);
    }
    stopped.complete(Done.getInstance());
    try {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(5));
      }
    } catch (RuntimeException e) {
      log.warn("closing the consumer failed: {}", e.toString());
    }
    try {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5)); // an open transaction is aborted by the broker (or the next owner)
      }
    } catch (RuntimeException e) {
      log.warn("closing the producer failed: {}", e.toString());
    }
    committer.shutdownNow();
    if (failure != null) {
      shutDown.completeExceptionally(failure);
    } else {
      shutDown.complete(Done.getInstance());
    }
  }

  // ---- control ----

  void requestStop() {
    stopRequested = true;
    wakeup();
  }

  void requestShutdown() {
    stopRequested = true;
    shutdownRequested = true;
    wakeup();
  }

  private void wakeup() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  synchronized long inFlight() {
    long n = 0;
    for (Assignment a : assignments.values()) {
      n += a.offsets.open();
    }
    return n;
  }

  synchronized Map<TopicPartition, long[]> started() {
    Map<TopicPartition, long[]> result = new HashMap<>();
    for (Assignment a : assignments.values()) {
      long[] s = a.offsets.startedOffsets();
      if (s.length > 0) {
        result.put(a.partition, s);
      }
    }
    return result;
  }

  synchronized Set<TopicPartition> owned() {
    return Set.copyOf(assignments.keySet());
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long commits() {
    return commits.get();
  }

  long aborts() {
    return aborts.get();
  }

  Map<TopicPartition, Long> committedOffsets() {
    return Map.copyOf(committedOffsets);
  }

  String transactionalId() {
    return transactionalId;
  }

  /** The group's committed offsets of {@code tps} (stable: pending transactional commits settled first). */
  private Map<TopicPartition, OffsetAndMetadata> committedOf(Set<TopicPartition> tps) {
    while (true) {
      try {
        return consumer.committed(tps);
      } catch (WakeupException e) {
        // asked again on the next poll; the offsets are needed now
      }
    }
  }

  /** The consumer's position of {@code tp}; a wake-up (a stop or an abort request) does not cut it short. */
  private long positionOf(TopicPartition tp) {
    while (true) {
      try {
        return consumer.position(tp);
      } catch (WakeupException e) {
        // asked again on the next poll; the position is needed now
      }
    }
  }

  private static Map<String, TopicPartition> names(Collection<TopicPartition> tps) {
    Map<String, TopicPartition> m = new HashMap<>();
    for (TopicPartition tp : tps) {
      m.put(tp.toString(), tp);
    }
    return m;
  }
}
