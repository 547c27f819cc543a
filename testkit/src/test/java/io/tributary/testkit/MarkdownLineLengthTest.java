package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps every tracked Markdown file of the repository (README, docs/, BENCHMARKS.md, module READMEs) at lines of at
 * most 120 characters, so they read well in an editor and in a diff. Fenced blocks opened with {@code ```text} are
 * exempt: they hold verbatim program output (e.g. {@code BENCH <json>} lines) that must not be wrapped.
 */
class MarkdownLineLengthTest {

    private static final int MAX = 120;

    @Test
    void no_markdown_line_is_longer_than_120_characters() throws Exception {
        Path root = repositoryRoot();
        List<Path> files = markdownFiles(root);
        assertThat(files).as("Markdown files under %s", root).isNotEmpty();

        List<String> tooLong = new ArrayList<>();
        for (Path file : files) {
            tooLong.addAll(longLines(root, file));
        }
        assertThat(tooLong).as("lines over %d characters (wrap them; tables can become lists; verbatim program "
                + "output goes in a ```text block)", MAX).isEmpty();
    }

    @Test
    void the_check_counts_characters_outside_text_blocks_and_inside_other_code_blocks() throws Exception {
        Path dir = Files.createTempDirectory("markdown-check");
        Path file = dir.resolve("sample.md");
        String longLine = "x".repeat(MAX + 1);
        Files.writeString(file, String.join("\n",
                "é".repeat(MAX), // 120 characters, 240 bytes: fine
                "```text", longLine, "```",
                "```java", longLine, "```",
                longLine), StandardCharsets.UTF_8);

        assertThat(longLines(dir, file)).containsExactly("sample.md:6 (121 characters)", "sample.md:8 (121 characters)");
    }

    private static List<String> longLines(Path root, Path file) throws IOException {
        List<String> found = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String fence = null; // the open fence's info string, or null outside a fenced block
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                fence = fence == null ? trimmed.substring(3).strip() : null;
                continue;
            }
            boolean verbatimOutput = "text".equals(fence);
            int length = line.codePointCount(0, line.length());
            if (length > MAX && !verbatimOutput) {
                found.add(root.relativize(file) + ":" + (i + 1) + " (" + length + " characters)");
            }
        }
        return found;
    }

    /** The directory with {@code .git} (a directory, or a file in a git worktree) above the module. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no git repository above " + dir);
    }

    /** The tracked Markdown files ({@code git ls-files}); every one outside build output when git is missing. */
    private static List<Path> markdownFiles(Path root) throws IOException, InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z", "--", "*.md").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0) {
                return Stream.of(out.split("\0")).filter(s -> !s.isEmpty()).map(root::resolve)
                        .filter(Files::isRegularFile).toList();
            }
        } catch (IOException e) {
            // no git: walk the tree
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> Stream.of("target", ".git", "node_modules")
                            .noneMatch(skip -> root.relativize(p).toString().contains(skip)))
                    .toList();
        }
    }
}
