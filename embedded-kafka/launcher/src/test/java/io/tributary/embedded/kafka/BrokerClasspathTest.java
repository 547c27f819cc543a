package io.tributary.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's jars are found on the machine where the broker runs, never at the paths of the build machine. */
class BrokerClasspathTest {

  @TempDir
  Path dir;

  private static List<String> resourceEntries() throws IOException {
    try (InputStream in = BrokerClasspath.class.getClassLoader().getResourceAsStream(BrokerClasspath.RESOURCE)) {
      assertThat(in).as("the resource %s", BrokerClasspath.RESOURCE).isNotNull();
      return BrokerClasspath.entries(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The smallest of the broker's jars in this machine's local repository, to keep copies and downloads cheap. */
  private static String smallestJar() throws IOException {
    Path repository = BrokerClasspath.localRepository();
    return resourceEntries().stream()
        .filter(jar -> Files.isRegularFile(repository.resolve(jar)))
        .min(Comparator.comparingLong(jar -> repository.resolve(jar).toFile().length()))
        .orElseThrow();
  }

  @Test
  void the_resource_names_jars_by_their_place_in_a_maven_repository_not_by_a_path_of_this_machine()
      throws IOException {
    String raw;
    try (InputStream in = BrokerClasspath.class.getClassLoader().getResourceAsStream(BrokerClasspath.RESOURCE)) {
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(raw).doesNotContain(System.getProperty("user.home")).doesNotContain(".m2");
    assertThat(resourceEntries()).hasSizeGreaterThan(10)
        .anyMatch(jar -> jar.startsWith("org/apache/kafka/kafka_2.13/"))
        .allMatch(jar -> jar.endsWith(".jar") && !jar.startsWith("/"));
  }

  @Test
  void a_jar_missing_from_the_local_repository_is_taken_from_beside_the_launcher() throws IOException {
    String jar = smallestJar();
    Path shipped = Files.createDirectories(dir.resolve("kafka-broker"));
    Path copy = Files.copy(BrokerClasspath.localRepository().resolve(jar),
        shipped.resolve(jar.substring(jar.lastIndexOf('/') + 1)));
    BrokerClasspath.Locations locations =
        new BrokerClasspath.Locations(dir.resolve("empty-repository"), Optional.of(shipped), false);
    assertThat(BrokerClasspath.locate(jar, locations)).isEqualTo(copy);
  }

  @Test
  void a_jar_found_nowhere_without_download_fails_naming_where_it_was_looked_for() throws IOException {
    String jar = smallestJar();
    BrokerClasspath.Locations locations =
        new BrokerClasspath.Locations(dir.resolve("empty-repository"), Optional.of(dir), false);
    assertThatThrownBy(() -> BrokerClasspath.locate(jar, locations))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining("is neither in the local Maven repository (" + dir.resolve("empty-repository"))
        .hasMessageContaining("nor beside the launcher (" + dir + ")")
        .hasMessageContaining("downloading is off");
  }

  @Test
  void a_jar_found_nowhere_is_fetched_from_maven_central_into_the_local_repository() throws IOException {
    String jar = smallestJar();
    Path repository = dir.resolve("fresh-repository");
    Path fetched = BrokerClasspath.locate(jar, new BrokerClasspath.Locations(repository, Optional.empty(), true));
    assertThat(fetched).isEqualTo(repository.resolve(jar)).isRegularFile();
    assertThat(Files.readAllBytes(fetched)).isEqualTo(Files.readAllBytes(BrokerClasspath.localRepository().resolve(jar)));
  }
}
