package io.tributary.cluster.hub;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link ClusterHub}'s remote subscriptions on the publishing node. Immutable; {@link
 * #create} gives the defaults of {@code reference.conf} ({@code tributary.cluster.hub}), {@link
 * #fromConfig} reads a config, {@code withX} changes one.
 */
public final class ClusterHubSettings {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.cluster.hub";

  /** The setting {@code tributary.cluster.hub.resume-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> RESUME_TIMEOUT =
      Setting.of(SECTION + ".resume-timeout", SettingType.positiveDuration());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(RESUME_TIMEOUT);
  }

  private final Duration resumeTimeout;

  private ClusterHubSettings(Duration resumeTimeout) {
    this.resumeTimeout = RESUME_TIMEOUT.type().check(RESUME_TIMEOUT.javaName(), resumeTimeout);
  }

  /** @return the defaults of {@code reference.conf} */
  public static ClusterHubSettings create() {
    return fromConfig(ConfigFactory.load());
  }

  /** @return the settings of {@code config}'s section {@code tributary.cluster.hub} */
  public static ClusterHubSettings fromConfig(Config config) {
    return new ClusterHubSettings(RESUME_TIMEOUT.read(config));
  }

  /**
   * @return a copy whose sessions end after {@code timeout} without an attached stream (the
   *     subscriber did not resume: the publishers it held are released)
   */
  public ClusterHubSettings withResumeTimeout(Duration timeout) {
    return new ClusterHubSettings(timeout);
  }

  /** @return how long a remote subscription's session waits for a resume before it ends */
  public Duration resumeTimeout() {
    return resumeTimeout;
  }

  @Override
  public String toString() {
    return "ClusterHubSettings[resumeTimeout=" + resumeTimeout + "]";
  }
}
