package io.tributary.actors.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.BroadcastChannel.Policy;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/** HubSettings from tributary.hub in the config. */
class HubSettingsConfigTest {

  @Test
  void the_defaults_come_from_reference_conf_and_equal_what_they_were() {
    assertThat(HubSettings.defaults()).isEqualTo(new HubSettings(1024, Policy.BACKPRESSURE, 256));
    assertThat(HubSettings.fromConfig(ConfigFactory.load())).isEqualTo(HubSettings.defaults());
  }

  @Test
  void an_application_config_overrides_the_defaults() {
    assertThat(HubSettings.fromConfig(
        ConfigFactory.parseString("tributary.hub { default-policy = lag, max-batch = 8 }")))
        .isEqualTo(new HubSettings(1024, Policy.LAG, 8));
  }

  @Test
  void a_hub_created_without_settings_takes_its_actor_systems_config() {
    ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
        "tributary.hub { default-capacity = 8, default-policy = lag }").withFallback(ConfigFactory.load()));
    try {
      ActorRef<EventHub.Command<Integer>> hub = testKit.spawn(EventHub.<Integer>create());
      hub.tell(new EventHub.Publish<>("t", 1));
      TestProbe<HubStats> stats = testKit.createTestProbe(HubStats.class);
      hub.tell(new EventHub.GetStats<>(stats.getRef()));
      HubStats.TopicStats topic = stats.receiveMessage().topics().get("t");
      assertThat(topic.capacity()).isEqualTo(8);
      assertThat(topic.policy()).isEqualTo(Policy.LAG);
    } finally {
      testKit.shutdownTestKit();
    }
  }

  @Test
  void a_wrong_value_names_its_path() {
    assertThatThrownBy(() -> HubSettings.fromConfig(ConfigFactory.parseString("tributary.hub.default-capacity = 0")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.hub.default-capacity': must be >= 1, was 0");
  }
}
