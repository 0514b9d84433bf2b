package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketwire.model.MarketData;
import io.marketwire.model.MinuteBar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BarTickSplitterTest {

  private static final long START = 1_704_205_800_000L;
  private final BarTickSplitter splitter = new BarTickSplitter(5, "REPLAY");

  private static double vwap(List<MarketData> ticks) {
    double notional = 0;
    long volume = 0;
    for (MarketData tick : ticks) {
      notional += tick.lastPrice() * tick.lastSize();
      volume += tick.lastSize();
    }
    return notional / volume;
  }

  private static long volume(List<MarketData> ticks) {
    return ticks.stream().mapToLong(MarketData::lastSize).sum();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 11, 100, 2345, 1_000_003})
  void ticksAddUpToTheBar(long barVolume) {
    MinuteBar bar =
        new MinuteBar("AZO", START, 2590, 2590.5, 2584.43, 2584.43, 2589.1714, barVolume);

    List<MarketData> ticks = splitter.split(bar, 1_000, 77);

    assertThat(volume(ticks)).isEqualTo(barVolume);
    assertThat(vwap(ticks)).isCloseTo(2589.1714, within(2589.1714 * 1e-12));
    assertThat(ticks).hasSizeLessThanOrEqualTo(5);
    assertThat(ticks)
        .allSatisfy(
            t -> {
              assertThat(t.lastPrice()).isBetween(2584.43, 2590.5);
              assertThat(t.lastSize()).isPositive();
              assertThat(t.bidPrice()).isLessThan(t.askPrice());
              assertThat(t.timestampNanos())
                  .isBetween(START * 1_000_000L, (START + 60_000) * 1_000_000L - 1);
              assertThat(t.validate()).isSameAs(t);
            });
    assertThat(ticks.get(ticks.size() - 1).volume()).isEqualTo(1_000 + barVolume);
    assertThat(ticks.get(0).sequenceNumber()).isEqualTo(77);
  }

  @Test
  void widestPairReachesTheNearerExtreme() {
    MinuteBar bar = new MinuteBar("X", START, 10, 12, 9, 11, 10.5, 500);

    List<Double> prices = splitter.split(bar, 0, 1).stream().map(MarketData::lastPrice).toList();

    // up bar: ascending prices, centre at the VWAP, reach min(10.5 - 9, 12 - 10.5) = 1.5
    assertThat(prices).containsExactly(9.0, 9.75, 10.5, 11.25, 12.0);
  }

  @Test
  void downBarWalksFromHighToLow() {
    MinuteBar bar = new MinuteBar("X", START, 11, 12, 9, 10, 10.5, 500);

    List<Double> prices = splitter.split(bar, 0, 1).stream().map(MarketData::lastPrice).toList();

    assertThat(prices).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void vwapOutsideTheRangeTradesAtTheVwap() {
    MinuteBar bar = new MinuteBar("AZO", START, 2588.1, 2588.1, 2588.1, 2588.1, 2585.1224, 784);

    List<MarketData> ticks = splitter.split(bar, 0, 1);

    assertThat(ticks).extracting(MarketData::lastPrice).containsOnly(2585.1224);
    assertThat(volume(ticks)).isEqualTo(784);
  }

  @Test
  void noVolumeNoTicks() {
    MinuteBar bar = new MinuteBar("X", START, 10, 12, 9, 11, 10.5, 0);

    assertThat(splitter.split(bar, 0, 1)).isEmpty();
  }

  @Test
  void oneTickPerBarTradesEverythingAtTheVwap() {
    MinuteBar bar = new MinuteBar("X", START, 10, 12, 9, 11, 10.5, 500);

    List<MarketData> ticks = new BarTickSplitter(1, "R").split(bar, 0, 1);

    assertThat(ticks)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.lastPrice()).isEqualTo(10.5);
              assertThat(t.lastSize()).isEqualTo(500);
              assertThat(t.timestampNanos()).isEqualTo(START * 1_000_000L);
            });
  }
}
