package io.tributary.asyncapi.runtime;

import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.codec.PayloadValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester's side of request/reply: sends a request through a {@link Publisher} and completes with
 * the decoded (and, with a validating decoder, schema-checked) reply that arrives in its {@link
 * ReplyInbox}. What the generated publisher of a {@code send} operation with a {@code reply} runs on.
 *
 * <p>Each request carries a fresh correlation id in the header {@link Publication#CORRELATION_HEADER}
 * and, when the reply address is dynamic, the inbox's reply address in the header the document names
 * ({@code address.location: $message.header#/replyTo} -> header {@code replyTo}). A request fails with
 * {@link ReplyTimeoutException} when no reply came in time, with {@link InvalidReplyException} when the
 * reply does not decode, with the publisher's error when the request was not sent, and with {@link
 * PublishRejectedException} when the requester is full ({@link RequesterSettings#maxOutstanding()}
 * requests await their reply), closed, or its inbox was lost. Replies nobody waits for (late, or for
 * another requester on a shared fixed address) are dropped. Thread-safe.
 *
 * @param <T> the request payload type
 * @param <R> the reply payload type
 */
public final class Requester<T, R> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Requester.class);

  private final ActorSystem system;
  private final Publisher<T> requests;
  private final ReplyInbox inbox;
  private final Optional<String> replyAddressHeader;
  private final PayloadDecoder<R> decoder;
  private final RequesterSettings settings;
  private final Semaphore permits;
  private final Map<String, CompletableFuture<R>> outstanding = new ConcurrentHashMap<>();
  /** Why requests are refused; null while the requester takes them. */
  private volatile PublishRejectedException refusal;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Requester(ClassicActorSystemProvider system, Publisher<T> requests, ReplyInbox inbox,
      Optional<String> replyAddressHeader, PayloadDecoder<R> decoder, RequesterSettings settings) {
    this.system = system.classicSystem();
    this.requests = requests;
    this.inbox = inbox;
    this.replyAddressHeader = replyAddressHeader;
    this.decoder = decoder;
    this.settings = settings;
    this.permits = new Semaphore(settings.maxOutstanding());
  }

  /**
   * Opens the inbox and returns a requester that owns both the publisher and the inbox (closing it closes
   * them).
   *
   * @param system the actor system whose scheduler times the requests out
   * @param requests publishes the requests
   * @param inbox where the replies arrive
   * @param replyAddressHeader the request header that names the reply address; empty when the replier
   *     sends to a fixed address (the inbox's)
   * @param decoder reads a reply's payload; a {@code ValidatingDecoder} checks it against the schema first
   * @param settings the bound on outstanding requests and the default timeout
   * @param <T> the request payload type
   * @param <R> the reply payload type
   * @return the requester, its inbox consuming
   */
  public static <T, R> Requester<T, R> create(ClassicActorSystemProvider system, Publisher<T> requests,
      ReplyInbox inbox, Optional<String> replyAddressHeader, PayloadDecoder<R> decoder, RequesterSettings settings) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(replyAddressHeader, "replyAddressHeader");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(settings, "settings");
    Requester<T, R> requester = new Requester<>(system, requests, inbox, replyAddressHeader, decoder, settings);
    inbox.open(requester::onReply, requester::onInboxClosed);
    return requester;
  }

  /**
   * Sends one request and waits (without blocking) up to {@link RequesterSettings#timeout()} for its reply.
   *
   * @param publication the request: its address, key, headers and payload
   * @return completes with the reply's payload; fails as the class comment says
   */
  public CompletionStage<R> request(Publication<T> publication) {
    return request(publication, settings.timeout());
  }

  /**
   * Sends one request and waits (without blocking) up to {@code timeout} for its reply.
   *
   * @param publication the request: its address, key, headers and payload
   * @param timeout how long to wait for the reply, from now
   * @return completes with the reply's payload; fails as the class comment says
   */
  public CompletionStage<R> request(Publication<T> publication, Duration timeout) {
    Objects.requireNonNull(publication, "publication");
    RequesterSettings.checkTimeout(timeout);
    PublishRejectedException why = refusal;
    if (why != null) {
      return CompletableFuture.failedFuture(why);
    }
    if (!permits.tryAcquire()) {
      return CompletableFuture.failedFuture(new PublishRejectedException(this + " is full: "
          + settings.maxOutstanding() + " requests await their reply; wait for replies, or raise maxOutstanding",
          null));
    }
    String id = UUID.randomUUID().toString();
    CompletableFuture<R> reply = new CompletableFuture<>();
    outstanding.put(id, reply);
    Cancellable timer = system.scheduler().scheduleOnce(timeout, () -> settle(id, reply,
        new ReplyTimeoutException("no reply to the request " + id + " to '" + publication.address() + "' within "
            + timeout.toMillis() + " ms (replies expected on '" + inbox.address() + "'); is a replier running?",
            timeout)), system.dispatcher());
    reply.whenComplete((r, e) -> timer.cancel());
    why = refusal;
    if (why != null) { // closed meanwhile: the close may not have seen this one
      settle(id, reply, why);
      return reply.minimalCompletionStage();
    }
    Publication<T> request = publication.withHeader(Publication.CORRELATION_HEADER, id);
    if (replyAddressHeader.isPresent()) {
      request = request.withHeader(replyAddressHeader.get(), inbox.replyAddress(id));
    }
    requests.send(request).whenComplete((done, error) -> {
      if (error != null) {
        settle(id, reply, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      }
    });
    return reply.minimalCompletionStage();
  }

  private void onReply(IncomingReply incoming) {
    if (incoming.correlationId().isEmpty()) {
      log.warn("{}: dropped a reply without correlation id (neither its address nor the header {} names one)",
          this, Publication.CORRELATION_HEADER);
      return;
    }
    String id = incoming.correlationId().get();
    CompletableFuture<R> reply = outstanding.remove(id);
    if (reply == null) {
      log.debug("{}: dropped a reply to {}, which no request awaits (timed out, or another requester's)", this, id);
      return;
    }
    permits.release();
    try {
      reply.complete(decoder.decode(incoming.body()));
    } catch (PayloadValidationException e) {
      reply.completeExceptionally(new InvalidReplyException("the reply to the request " + id + " is invalid: "
          + e.getMessage(), e.violations(), e));
    } catch (Exception e) {
      reply.completeExceptionally(new InvalidReplyException("the reply to the request " + id + " cannot be "
          + "decoded: " + e.getMessage(), List.of(), e));
    }
  }

  private void onInboxClosed(Throwable why) {
    log.warn("{}: the reply inbox stopped, the requester takes no more requests: {}", this, why.toString());
    fail(new PublishRejectedException(this + ": " + why.getMessage() + "; create a new requester", why));
  }

  private void fail(PublishRejectedException why) {
    if (refusal == null) {
      refusal = why;
    }
    outstanding.forEach((id, reply) -> settle(id, reply, why));
  }

  /**
   * Fails {@code reply} unless it was settled already. A request leaves the outstanding ones (and frees its
   * permit) before its stage completes, so that whoever waits for it sees it gone.
   */
  private void settle(String id, CompletableFuture<R> reply, Throwable error) {
    if (outstanding.remove(id, reply)) {
      permits.release();
      reply.completeExceptionally(error);
    }
  }

  /** @return how many requests await their reply now */
  public int outstanding() {
    return outstanding.size();
  }

  /** @return the publisher of the requests */
  public Publisher<T> publisher() {
    return requests;
  }

  /** @return where the replies arrive */
  public ReplyInbox inbox() {
    return inbox;
  }

  /**
   * Fails the requests that await their reply with {@link PublishRejectedException}, closes the inbox and
   * then the publisher (waiting, bounded, for requests being sent).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    fail(new PublishRejectedException(this + " was closed before the reply came", null));
    try {
      inbox.close();
    } finally {
      requests.close();
    }
  }

  @Override
  public String toString() {
    return "requester[" + requests.address() + " -> " + inbox.address() + "]";
  }
}
