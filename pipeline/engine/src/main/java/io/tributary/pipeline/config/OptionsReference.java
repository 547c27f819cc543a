package io.tributary.pipeline.config;

import io.tributary.streams.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The option reference ({@code docs/pipeline-options.md}), generated from the declarations: the
 * options of pipeline components ({@link ComponentOptions}) and the library settings they and an
 * embedding application set ({@link Setting}, documented in each module's {@code reference.conf}).
 * Markdown with lines of at most 120 characters.
 */
public final class OptionsReference {

  private static final int WIDTH = 120;

  private OptionsReference() {}

  /**
   * @param components the pipeline component types to document, in order
   * @param settings the library settings to document, grouped by their section in this order
   * @return the reference document
   */
  public static String markdown(List<ComponentOptions> components, List<Setting<?>> settings) {
    StringBuilder out = new StringBuilder();
    out.append("# Pipeline component options\n\n");
    wrap(out, "The options of the broker components of a pipeline file (`type = kafka`, `amqp`, `nats`), then "
        + "the library settings behind them. An option marked \"sets\" sets that library setting: it takes the "
        + "setting's type and bounds, and when absent the setting's value in the running system's config, which is "
        + "the default of the module's reference.conf shown here unless the application's config (application.conf, "
        + "or a -D system property) overrides it. The other defaults are fixed. A key that no option of the type "
        + "names is an error.", "");
    for (ComponentOptions c : components) {
      out.append('\n').append(c.markdown());
    }
    out.append("\n# Library settings\n\n");
    wrap(out, "The defaults in the reference.conf of each module, under `tributary`. An embedding application "
        + "overrides them in its application.conf; a settings class reads them with `fromConfig(config, ...)`, "
        + "and its `create(...)` takes the defaults.", "");
    Map<String, List<Setting<?>>> bySection = new LinkedHashMap<>();
    for (Setting<?> s : settings) {
      String path = s.path();
      bySection.computeIfAbsent(path.substring(0, path.length() - s.name().length() - 1), k -> new ArrayList<>())
          .add(s);
    }
    bySection.forEach((section, list) -> {
      out.append("\n## `").append(section).append("`\n\n");
      for (Setting<?> s : list) {
        wrap(out, "- `" + s.name() + "` (" + s.type().description() + ", default " + s.defaultText() + "): "
            + s.doc(), "  ");
      }
    });
    return out.toString();
  }

  /** Appends {@code text} wrapped at 120 characters, continuation lines starting with {@code indent}. */
  static void wrap(StringBuilder out, String text, String indent) {
    text = text.replace("<", "\\<"); // Markdown would take <stream> for an HTML tag
    StringBuilder line = new StringBuilder();
    boolean bare = true; // no word on the line yet
    for (String word : text.split(" ")) {
      if (!bare && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
        bare = true;
      }
      if (!bare) {
        line.append(' ');
      }
      line.append(word);
      bare = false;
    }
    out.append(line).append('\n');
  }
}
