package io.tributary.pipeline.config;

/** The three sections of a pipeline config, in the order data flows through them. */
public enum Section {
  /** {@code sources { name { type = ..., ... } }}: where events come from. */
  SOURCES("sources", "source"),
  /** {@code transforms { name { type = ..., inputs = [...], ... } }}: what happens to them. */
  TRANSFORMS("transforms", "transform"),
  /** {@code sinks { name { type = ..., inputs = [...], ... } }}: where they end up. */
  SINKS("sinks", "sink");

  private final String key;
  private final String singular;

  Section(String key, String singular) {
    this.key = key;
    this.singular = singular;
  }

  /** @return the config key of the section, e.g. {@code sources} */
  public String key() {
    return key;
  }

  /** @return one component of the section, e.g. {@code source} */
  public String singular() {
    return singular;
  }
}
