package io.tributary.streams.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferencesTest {

  @Test
  void env_and_file_references_are_replaced_inside_a_value(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file\n");
    String jaas = "ScramLoginModule required username=\"${env:KAFKA_USER}\" password=\"${file:" + file + "}\";";
    assertEquals("ScramLoginModule required username=\"alice\" password=\"from-file\";",
        SecretReferences.resolve(jaas, Map.of("KAFKA_USER", "alice")::get));
  }

  @Test
  void a_value_without_references_is_kept_and_dollar_signs_in_values_survive() {
    assertEquals("plain", SecretReferences.resolve("plain", name -> null));
    assertEquals("a$b", SecretReferences.resolve("${env:X}", Map.of("X", "a$b")::get));
  }

  @Test
  void a_missing_variable_is_named_and_nothing_secret_is_shown(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SecretReferences.resolve("${env:NOPE}", name -> null));
    assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> SecretReferences.resolve("${file:" + dir.resolve("missing") + "}"));
    assertTrue(f.getMessage().contains("missing"), f.getMessage());
    assertFalse(f.getMessage().contains("${env"), f.getMessage());
  }
}
