package io.tributary.pipeline.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The options of one pipeline component type, each declared once as an {@link OptionSpec}: the
 * component's factory reads each with {@link OptionSpec#read}, {@link #declareIn} makes them all
 * known before (so an unknown key lists every option even when reading stops early), and {@link
 * #markdown} renders the type's part of the option reference ({@code docs/pipeline-options.md}).
 *
 * @param section the section the type belongs to
 * @param type the type name in configs, e.g. {@code kafka}
 * @param summary one sentence on what the component does
 * @param options the options, in the order the factory reads them
 */
public record ComponentOptions(Section section, String type, String summary, List<OptionSpec<?>> options) {

  private static final int WIDTH = 120;

  /** Checks that option names are unique. */
  public ComponentOptions {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(summary, "summary");
    options = List.copyOf(options);
    Set<String> names = new HashSet<>();
    for (OptionSpec<?> o : options) {
      if (!names.add(o.name())) {
        throw new IllegalArgumentException(section.singular() + " " + type + ": option " + o.name() + " twice");
      }
    }
  }

  /** @return the options of source {@code type} */
  public static ComponentOptions source(String type, String summary, OptionSpec<?>... options) {
    return new ComponentOptions(Section.SOURCES, type, summary, List.of(options));
  }

  /** @return the options of sink {@code type} */
  public static ComponentOptions sink(String type, String summary, OptionSpec<?>... options) {
    return new ComponentOptions(Section.SINKS, type, summary, List.of(options));
  }

  /** Declares every option known to {@code options}, so that other keys are reported as unknown. */
  public void declareIn(Options target) {
    for (OptionSpec<?> o : options) {
      target.declare(o.name());
    }
  }

  /** @return this type's part of the option reference, in Markdown, lines of at most 120 characters */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("## ").append(section.singular()).append(" `").append(type).append("`\n\n");
    wrap(out, summary, "");
    out.append('\n');
    for (OptionSpec<?> o : options) {
      StringBuilder item = new StringBuilder();
      item.append("- `").append(o.name()).append("` (").append(o.typeText()).append(", ");
      item.append(o.required() ? "required" : "default " + o.defaultText());
      o.setting().ifPresent(s -> item.append("; sets `").append(s.path()).append('`'));
      item.append("): ").append(o.doc());
      wrap(out, item.toString(), "  ");
    }
    return out.toString();
  }

  /**
   * @return the whole option reference of {@code components}: a title, how defaults work, and
   *     {@link #markdown} of each
   */
  public static String reference(List<ComponentOptions> components) {
    StringBuilder out = new StringBuilder();
    out.append("# Pipeline component options\n\n");
    wrap(out, "The options of the broker components of a pipeline file (`type = kafka`, `amqp`, `nats`). "
        + "An option that sets a library setting (`sets tributary....`) takes that setting's type and bounds, and "
        + "when absent its value in the running system's config: the default of the connector's reference.conf "
        + "shown here, unless the application's config (application.conf, or a -D system property) overrides it. "
        + "The other defaults are fixed. A key that no option of the type names is an error.", "");
    for (ComponentOptions c : components) {
      out.append('\n').append(c.markdown());
    }
    return out.toString();
  }

  private static void wrap(StringBuilder out, String text, String indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      } else if (line.length() > 0 && !line.toString().equals(indent)) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    for (String l : lines) {
      out.append(l.stripTrailing()).append('\n');
    }
  }
}
