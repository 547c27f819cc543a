package io.tributary.embedded.kafka;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the last lines of the broker's log file for error messages. */
final class LogTail {

    private static final int MAX_BYTES = 32 * 1024;

    private LogTail() {
    }

    /**
     * Returns the last {@code lines} lines of a file, each indented, or a note when it cannot be read.
     *
     * @param file the log file
     * @param lines how many lines at most
     * @return text ready to append to an exception message
     */
    static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "  (no log file at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            if (tail.isEmpty()) {
                return "  (the log file " + file + " is empty)";
            }
            StringBuilder out = new StringBuilder();
            for (String line : tail) {
                out.append("  | ").append(line).append(System.lineSeparator());
            }
            return out.toString().stripTrailing();
        } catch (IOException e) {
            return "  (could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Tells whether the last part of a file contains a text.
     *
     * @param file the log file
     * @param text the text to look for
     * @return true when found
     */
    static boolean contains(Path file, String text) {
        return of(file, Integer.MAX_VALUE).contains(text);
    }
}
