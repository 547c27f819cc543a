package io.tributary.asyncapi.runtime;

import java.util.List;

/**
 * Channel addresses with parameters, as generated code fills them: {@code lights.{streetlightId}.on}
 * with {@code streetlightId=7} is {@code lights.7.on}.
 */
public final class Addresses {

  private Addresses() {}

  /**
   * Fills the parameters of an address template.
   *
   * @param template the address, with {@code {name}} placeholders
   * @param namesAndValues parameter name, value, name, value...
   * @return the address
   * @throws IllegalArgumentException when a value is empty or contains a brace, or a placeholder stays unfilled
   */
  public static String expand(String template, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs, got " + namesAndValues.length);
    }
    String address = template;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i];
      String value = namesAndValues[i + 1];
      if (value == null || value.isEmpty() || value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
        throw new IllegalArgumentException("address parameter '" + name + "' of '" + template
            + "' must be a non-empty value without braces, was " + (value == null ? "null" : "'" + value + "'"));
      }
      address = address.replace("{" + name + "}", value);
    }
    int open = address.indexOf('{');
    if (open >= 0 && address.indexOf('}', open) > open) {
      throw new IllegalArgumentException("address '" + template + "' has a parameter without a value: " + address);
    }
    return address;
  }

  /**
   * Checks a parameter value against the values the document allows.
   *
   * @param name the parameter
   * @param value its value
   * @param allowed the values allowed (empty: any)
   * @return {@code value}
   * @throws IllegalArgumentException when it is not one of them
   */
  public static String check(String name, String value, List<String> allowed) {
    if (!allowed.isEmpty() && !allowed.contains(value)) {
      throw new IllegalArgumentException("address parameter '" + name + "' must be one of " + allowed + ", was "
          + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }
}
