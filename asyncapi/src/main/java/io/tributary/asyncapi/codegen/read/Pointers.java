package io.tributary.asyncapi.codegen.read;

import io.tributary.asyncapi.codegen.model.DocumentTree;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JSON pointers written as URI fragments ({@code #/channels/a~1b}): building them and taking them apart. */
final class Pointers {

  private Pointers() {}

  /** @return {@code pointer} with one more segment, {@code key} escaped */
  static String child(String pointer, String key) {
    return pointer + "/" + DocumentTree.escape(key);
  }

  /** @return {@code pointer} with one more segment, an array index */
  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  /**
   * @param ref a local reference ({@code #/components/messages/a})
   * @return its segments, percent-decoded and unescaped; empty when it is no local reference or malformed
   */
  static Optional<List<String>> segments(String ref) {
    if (ref.equals("#") || ref.equals("#/")) {
      return Optional.of(List.of());
    }
    if (!ref.startsWith("#/")) {
      return Optional.empty();
    }
    String decoded;
    try {
      // the same decoding as DocumentTree.at, so that both agree on what a reference names
      decoded = URLDecoder.decode(ref.substring(2), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    for (String raw : decoded.split("/", -1)) {
      segments.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return Optional.of(segments);
  }

  /**
   * @param ref a local reference
   * @param prefix the segments it must start with, e.g. {@code components}, {@code schemas}
   * @return the one segment after the prefix, when {@code ref} is exactly the prefix and one key
   */
  static Optional<String> keyUnder(String ref, String... prefix) {
    return segments(ref).filter(s -> s.size() == prefix.length + 1 && startsWith(s, List.of(prefix)))
        .map(s -> s.get(prefix.length));
  }

  /** @return the last segment of a local reference, empty for the root or a non-local reference */
  static Optional<String> lastKey(String ref) {
    return segments(ref).filter(s -> !s.isEmpty()).map(s -> s.get(s.size() - 1));
  }

  /** @return whether {@code segments} begins with {@code prefix} */
  static boolean startsWith(List<String> segments, List<String> prefix) {
    return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
  }
}
