package io.tributary.asyncapi.codegen.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.asyncapi.codegen.InMemoryCompiler;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaSourceBuilderTest {

  @Test
  void imports_are_sorted_once_each_and_never_hide_a_type_of_the_package_or_java_lang() {
    JavaSourceBuilder source = new JavaSourceBuilder("generated.api", Set.of("List", "Foo"));
    assertThat(source.use("java.util.Optional")).isEqualTo("Optional");
    assertThat(source.use("java.util.Optional")).isEqualTo("Optional");
    assertThat(source.use("java.lang.String")).isEqualTo("String");
    assertThat(source.use("generated.api.Foo")).isEqualTo("Foo");
    assertThat(source.use("java.util.List")).isEqualTo("java.util.List");
    assertThat(source.use("com.fasterxml.jackson.annotation.JsonSubTypes.Type")).isEqualTo("JsonSubTypes.Type");
    assertThat(source.use("java.awt.Color")).isEqualTo("Color");
    assertThat(source.use("javafx.scene.paint.Color")).isEqualTo("javafx.scene.paint.Color");
    assertThat(source.use("org.example.String")).isEqualTo("org.example.String");
    String text = source.line("class Foo {}").build("Foo").text();
    assertThat(text).isEqualTo("package generated.api;\n\nimport com.fasterxml.jackson.annotation.JsonSubTypes;\n"
        + "import java.awt.Color;\nimport java.util.Optional;\n\nclass Foo {}\n");
  }

  @Test
  void javadoc_text_cannot_end_the_comment_start_a_tag_or_smuggle_an_escape() {
    assertThat(JavaSourceBuilder.javadocText("a */ b @param <i>&\\u002a/")).isEqualTo(
        "a *&#47; b &#64;param &lt;i&gt;&amp;&#92;u002a/");
    JavaSourceBuilder source = new JavaSourceBuilder("generated.doc", Set.of());
    source.javadoc("Ends */ here? {@code x} \\u002a/ and\n\na second paragraph.", List.of("param x what */ it is"));
    source.line("public record Doc(int x) {}");
    SourceFile file = source.build("Doc");
    assertThat(file.text()).contains(" * <p>a second paragraph.").contains(" * @param x what *&#47; it is");
    InMemoryCompiler.compile(List.of(file));
  }

  @Test
  void javadoc_is_wrapped_to_the_line_width_at_its_indent() {
    JavaSourceBuilder source = new JavaSourceBuilder("generated.doc", Set.of());
    source.open("class Wide {");
    source.javadoc("word ".repeat(60), List.of("return " + "long ".repeat(40)));
    source.line("int x() {").line("  return 1;").line("}");
    source.close("}");
    String text = source.build("Wide").text();
    assertThat(text.lines()).allMatch(l -> l.length() <= JavaSourceBuilder.MAX_LINE);
    assertThat(text).contains("   * @return long").contains("   *     long");
    assertThat(new JavaSourceBuilder("p", Set.of()).javadoc("Short.", List.of()).build("X").text())
        .isEqualTo("package p;\n\n/** Short. */\n");
  }

  @Test
  void string_literals_escape_quotes_backslashes_and_control_characters_without_unicode_escapes() {
    assertThat(JavaSourceBuilder.literal("a\"b\\c\nd\u0001\\u0022")).isEqualTo("\"a\\\"b\\\\c\\nd\\001\\\\u0022\"");
  }
}
