package io.marketwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's size rule: no production class over {@value #MAX_LINES} lines unless its header says
 * why ("Longer than 400 lines because ..."), so a long class is a decision someone wrote down.
 */
class SourceSizeTest {

  private static final int MAX_LINES = 400;
  private static final String REASON = "Longer than " + MAX_LINES + " lines because";

  @Test
  void everyClassOverTheLimitSaysWhyInItsHeader() throws IOException {
    List<String> unexplained;
    try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
      unexplained = sources
          .filter(p -> p.toString().endsWith(".java"))
          .map(p -> Map.entry(p, lines(p)))
          .filter(file -> file.getValue().size() > MAX_LINES && !header(file.getValue()).contains(REASON))
          .map(file -> file.getKey() + " (" + file.getValue().size() + " lines)")
          .toList();
    }
    assertThat(unexplained).as("classes over %d lines without '%s ...' in their header", MAX_LINES, REASON).isEmpty();
  }

  /** The text before the first type declaration: package, imports and the class comment. */
  private static String header(List<String> lines) {
    StringBuilder header = new StringBuilder();
    for (String line : lines) {
      if (line.matches("^(public |final |abstract )*(class|interface|enum|record) .*")) {
        break;
      }
      header.append(line.replaceFirst("^\\s*\\*\\s?", "")).append(' ');
    }
    return header.toString().replaceAll("\\s+", " ");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
