package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.model.MinuteBar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteBarMergeTest {

  private static MinuteBar bar(String symbol, long start) {
    return new MinuteBar(symbol, start, 1, 1, 1, 1, 1, 1);
  }

  @Test
  void mergesInTimeThenSymbolOrder() {
    List<MinuteBar> b = List.of(bar("B", 1), bar("B", 3), bar("B", 4));
    List<MinuteBar> a = List.of(bar("A", 2), bar("A", 3), bar("A", 9));
    List<MinuteBar> c = List.of();
    List<MinuteBar> merged = new ArrayList<>();

    try (MinuteBarMerge merge =
        new MinuteBarMerge(List.of(b.iterator(), a.iterator(), c.iterator()))) {
      assertThat(merge.peek()).isEqualTo(bar("B", 1));
      merge.forEachRemaining(merged::add);
      assertThat(merge.peek()).isNull();
    }

    assertThat(merged)
        .containsExactly(
            bar("B", 1), bar("A", 2), bar("A", 3), bar("B", 3), bar("B", 4), bar("A", 9));
  }
}
