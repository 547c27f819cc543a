package io.tributary.pipeline.condition;

import com.google.re2j.Pattern;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL's {@code matches} with each regex compiled once: the standard binding compiles its RE2
 * pattern on every call, which made a regex condition cost about 30 times a comparison. Same
 * semantics (RE2, found anywhere in the string); the compiled patterns of the conditions' literals
 * are kept, and the cache starts over when a condition builds more distinct regexes than it holds.
 */
final class RegexCache {

  private static final int MAX_PATTERNS = 1024;
  private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private RegexCache() {}

  /** @return bindings for both overloads of {@code matches}: {@code matches(s, re)} and {@code s.matches(re)} */
  static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("matches", String.class, String.class, RegexCache::find),
        CelFunctionBinding.from("matches_string", String.class, String.class, RegexCache::find));
  }

  /** @return whether {@code regex} is found in {@code text} */
  static boolean find(String text, String regex) {
    Pattern pattern = PATTERNS.get(regex);
    if (pattern == null) {
      if (PATTERNS.size() >= MAX_PATTERNS) {
        PATTERNS.clear();
      }
      pattern = PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }
    return pattern.matcher(text).find();
  }
}
