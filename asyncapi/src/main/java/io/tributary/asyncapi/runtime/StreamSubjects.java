package io.tributary.asyncapi.runtime;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells whether a JetStream stream captures a subject, asking the server at most every few seconds per
 * subject (a small bounded cache): inbox subjects are core without asking.
 */
final class StreamSubjects {

  private static final int CACHED = 1024;
  private static final long FRESH_NANOS = 10_000_000_000L;

  private final Connection connection;
  private final String inboxPrefix;
  private final Map<String, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
      return size() > CACHED;
    }
  };
  private volatile JetStreamManagement management;

  private record Answer(boolean captured, long at) {}

  StreamSubjects(Connection connection) {
    this.connection = connection;
    String prefix = connection.getOptions().getInboxPrefix();
    this.inboxPrefix = prefix == null || prefix.isEmpty() ? "_INBOX." : prefix;
  }

  /** @return true when {@code subject} is under the connection's inbox prefix: core NATS, no lookup */
  boolean isInbox(String subject) {
    return subject.startsWith(inboxPrefix);
  }

  /**
   * Blocks for a round trip to the server unless the answer is cached. When JetStream cannot be asked
   * (not enabled, no answer) the answer is no: a core publish still reaches a stream, unacknowledged.
   *
   * @return true when a stream captures {@code subject}
   */
  boolean captured(String subject) {
    if (isInbox(subject)) {
      return false;
    }
    long now = System.nanoTime();
    synchronized (answers) {
      Answer a = answers.get(subject);
      if (a != null && now - a.at() < FRESH_NANOS) {
        return a.captured();
      }
    }
    boolean captured;
    try {
      captured = !management().getStreamNames(subject).isEmpty();
    } catch (JetStreamApiException | IOException e) {
      captured = false;
    }
    synchronized (answers) {
      answers.put(subject, new Answer(captured, now));
    }
    return captured;
  }

  private JetStreamManagement management() throws IOException {
    JetStreamManagement m = management;
    if (m == null) {
      m = connection.jetStreamManagement();
      management = m;
    }
    return m;
  }
}
