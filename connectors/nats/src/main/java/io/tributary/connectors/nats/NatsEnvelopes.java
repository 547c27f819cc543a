package io.tributary.connectors.nats;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.tributary.streams.envelope.Header;
import java.util.ArrayList;
import java.util.List;

/** Reads key and headers of NATS messages, and writes envelope headers as NATS headers. */
final class NatsEnvelopes {

  /** The longest header value written (NATS header values are single lines of US-ASCII). */
  static final int MAX_HEADER_VALUE = 1024;

  private NatsEnvelopes() {}

  /** @return the value of header {@code keyHeader}, or the subject when the message has none */
  static String keyOf(Message message, String keyHeader) {
    if (message.hasHeaders()) {
      String key = message.getHeaders().getFirst(keyHeader);
      if (key != null) {
        return key;
      }
    }
    return message.getSubject();
  }

  /** @return the message's headers, one {@link Header} per value, in the client's order */
  static List<Header> headersOf(Message message) {
    if (!message.hasHeaders()) {
      return List.of();
    }
    Headers raw = message.getHeaders();
    List<Header> headers = new ArrayList<>(raw.size());
    raw.forEach((name, values) -> {
      for (String value : values) {
        headers.add(Header.of(name, value));
      }
    });
    return headers;
  }

  /** Adds {@code headers} to {@code target}, skipping names NATS does not allow and cleaning values. */
  static void copyInto(List<Header> headers, Headers target, boolean skipServerHeaders) {
    for (Header h : headers) {
      if (!validName(h.key()) || (skipServerHeaders && h.key().regionMatches(true, 0, "Nats-", 0, 5))) {
        continue;
      }
      target.add(h.key(), clean(h.valueAsString()));
    }
  }

  /** @return {@code value} as one line of US-ASCII, at most {@link #MAX_HEADER_VALUE} characters */
  static String clean(String value) {
    if (value == null) {
      return "";
    }
    int n = Math.min(value.length(), MAX_HEADER_VALUE);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      sb.append(c == '\r' || c == '\n' ? ' ' : c > 127 ? '?' : c);
    }
    return sb.toString();
  }

  private static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == ':') {
        return false;
      }
    }
    return true;
  }
}
