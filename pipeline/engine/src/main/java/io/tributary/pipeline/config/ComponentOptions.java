package io.tributary.pipeline.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The options of one pipeline component type, each declared once as an {@link OptionSpec}: the
 * component's factory reads each with {@link OptionSpec#read}, {@link #declareIn} makes them all
 * known before (so an unknown key lists every option even when reading stops early), and {@link
 * #markdown} renders the type's part of the option reference ({@link OptionsReference}).
 *
 * @param section the section the type belongs to
 * @param type the type name in configs, e.g. {@code kafka}
 * @param summary one sentence on what the component does
 * @param options the options, in the order the factory reads them
 */
public record ComponentOptions(Section section, String type, String summary, List<OptionSpec<?>> options) {

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
    OptionsReference.wrap(out, summary, "");
    out.append('\n');
    for (OptionSpec<?> o : options) {
      StringBuilder item = new StringBuilder();
      item.append("- `").append(o.name()).append("` (").append(o.typeText()).append(", ");
      item.append(o.required() ? "required" : "default " + o.defaultText());
      o.setting().ifPresent(s -> item.append("; sets `").append(s.path()).append('`'));
      item.append("): ").append(o.doc());
      OptionsReference.wrap(out, item.toString(), "  ");
    }
    return out.toString();
  }
}
