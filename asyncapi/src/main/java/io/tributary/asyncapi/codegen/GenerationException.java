package io.tributary.asyncapi.codegen;

import java.util.Objects;

/**
 * A document the generator cannot turn into code: invalid, or using something the generator does not
 * support. The message names the JSON pointer into the document and what is wrong there, e.g. {@code
 * #/components/schemas/Shape/oneOf: alternatives without a discriminator are not supported}.
 */
public final class GenerationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final String problem;

  /**
   * @param pointer the JSON pointer of the offending place, as a URI fragment ({@code #/channels/x})
   * @param problem what is wrong or not supported there
   */
  public GenerationException(String pointer, String problem) {
    super(Objects.requireNonNull(pointer, "pointer") + ": " + Objects.requireNonNull(problem, "problem"));
    this.pointer = pointer;
    this.problem = problem;
  }

  /** @return the JSON pointer of the offending place, as a URI fragment, e.g. {@code #/channels/x} */
  public String pointer() {
    return pointer;
  }

  /** @return what is wrong or not supported there */
  public String problem() {
    return problem;
  }
}
