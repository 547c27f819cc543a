/**
 * Settings declared once: a {@link io.tributary.streams.settings.Setting} names a config path and its
 * {@link io.tributary.streams.settings.SettingType}; its default and documentation are in the
 * module's {@code reference.conf}. Settings classes read their values through them ({@code
 * fromConfig}), the pipeline's broker components validate their options with them, and the option
 * reference ({@code docs/pipeline-options.md}) is generated from them.
 */
package io.tributary.streams.settings;
