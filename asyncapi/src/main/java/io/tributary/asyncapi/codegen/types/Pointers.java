package io.tributary.asyncapi.codegen.types;

import io.tributary.asyncapi.codegen.model.DocumentTree;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON pointers as URI fragments ({@code #/components/schemas/A}), the way the generator keys schemas. */
final class Pointers {

  private Pointers() {}

  /** @return {@code pointer} extended by one reference token, escaped */
  static String child(String pointer, String token) {
    return pointer + "/" + DocumentTree.escape(token);
  }

  /** @return {@code pointer} extended by an array index */
  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  /**
   * @param pointer a URI fragment, maybe percent-encoded ({@code #/components/schemas/My%20Type})
   * @return its reference tokens, unescaped
   */
  static List<String> tokens(String pointer) {
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    if (p.indexOf('%') >= 0) {
      p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    List<String> tokens = new ArrayList<>();
    if (p.isEmpty()) {
      return tokens;
    }
    for (String token : p.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  /** @return the one spelling of {@code pointer}: not percent-encoded, tokens escaped with {@code ~0 ~1} */
  static String normalize(String pointer) {
    StringBuilder out = new StringBuilder("#");
    for (String token : tokens(pointer)) {
      out.append('/').append(DocumentTree.escape(token));
    }
    return out.toString();
  }
}
