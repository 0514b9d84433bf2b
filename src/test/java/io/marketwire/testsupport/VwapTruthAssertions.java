package io.marketwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.analytics.SymbolStatsSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The VWAP consumer's output held against the CSV's sums ({@link MinuteBarsTruth}). */
public final class VwapTruthAssertions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VwapTruthAssertions() {}

  /** Every day and symbol of the truth in the book, and no other, each with its exact volume and VWAP (1e-9 relative). */
  public static void assertBookMatches(Map<String, SymbolStatsSnapshot> book, Map<String, MinuteBarsTruth.Day> truth) {
    assertThat(book.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
    truth.forEach(
        (key, day) -> {
          SymbolStatsSnapshot got = book.get(key);
          assertThat(got.volume()).as(key + " volume").isEqualTo(day.volume());
          assertThat(got.vwap()).as(key + " day VWAP").isCloseTo(day.vwap(), within(day.vwap() * 1e-9));
        });
  }

  /**
   * What a reader of the results stream gets. Results may repeat after a crash (at-least-once),
   * but none may count a tick twice, so no published day volume exceeds the CSV's; and none may be
   * lost, so for every day and symbol the result furthest into the day carries the exact day VWAP
   * and volume. That needs batches finished one at a time (state saved only after the batch's own
   * results) and a result per day when a batch spans midnight.
   */
  public static void assertPublishedResultsMatch(List<byte[]> results, Map<String, MinuteBarsTruth.Day> truth) throws Exception {
    Map<String, JsonNode> furthest = new HashMap<>();
    for (byte[] body : results) {
      JsonNode result = JSON.readTree(body);
      String key = result.get("day").asText() + "/" + result.get("symbol").asText();
      assertThat(truth).as("published day and symbol").containsKey(key);
      assertThat(result.get("day_volume").asLong()).as(key + " published day volume").isLessThanOrEqualTo(truth.get(key).volume());
      furthest.merge(key, result, (a, b) -> b.get("day_count").asLong() > a.get("day_count").asLong() ? b : a);
    }
    assertThat(furthest.keySet()).as("a result for every day and symbol").containsExactlyInAnyOrderElementsOf(truth.keySet());
    truth.forEach(
        (key, day) -> {
          JsonNode got = furthest.get(key);
          assertThat(got.get("day_volume").asLong()).as(key + " published day volume").isEqualTo(day.volume());
          assertThat(got.get("day_vwap").asDouble()).as(key + " published day VWAP").isCloseTo(day.vwap(), within(day.vwap() * 1e-9));
        });
  }
}
