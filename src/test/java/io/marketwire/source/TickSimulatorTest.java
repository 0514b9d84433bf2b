package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.marketwire.model.MarketData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TickSimulatorTest {

  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2024-01-02T14:30:00Z"), ZoneOffset.UTC);

  private static List<MarketData> take(TickSimulator simulator, int count) {
    List<MarketData> ticks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ticks.add(simulator.next());
    }
    return ticks;
  }

  private static TickSimulator seeded(long seed) {
    return TickSimulator.builder()
        .symbols(List.of("AAPL", "MSFT"))
        .startPrices(Map.of("AAPL", 185.5, "MSFT", 410.0))
        .seed(seed)
        .clock(FIXED)
        .build();
  }

  @Test
  void sameSeedGivesTheSameFeed() {
    assertThat(take(seeded(42), 500)).isEqualTo(take(seeded(42), 500));
  }

  @Test
  void sameSeedGivesTheSamePricesOnTheSystemClock() {
    TickSimulator a = TickSimulator.builder().seed(7L).build();
    TickSimulator b = TickSimulator.builder().seed(7L).build();

    for (int i = 0; i < 200; i++) {
      MarketData x = a.next();
      MarketData y = b.next();
      assertThat(x.withSequenceNumber(0))
          .usingRecursiveComparison()
          .ignoringFields("timestampNanos")
          .isEqualTo(y.withSequenceNumber(0));
    }
  }

  @Test
  void differentSeedsGiveDifferentFeeds() {
    assertThat(take(seeded(1), 50)).isNotEqualTo(take(seeded(2), 50));
  }

  @Test
  void ticksAreValidQuotesWithCumulativeVolumeAndSequence() {
    List<MarketData> ticks = take(seeded(3), 20_000);
    Map<String, Long> volume = new HashMap<>();
    long previousTimestamp = 0;

    for (int i = 0; i < ticks.size(); i++) {
      MarketData tick = ticks.get(i);
      assertThat(tick.bidPrice()).isPositive().isLessThan(tick.askPrice());
      assertThat(tick.bidSize()).isPositive();
      assertThat(tick.askSize()).isPositive();
      assertThat(tick.lastSize()).isPositive();
      assertThat(tick.lastPrice()).isIn(tick.bidPrice(), tick.askPrice());
      assertThat(tick.sequenceNumber()).isEqualTo(i + 1);
      assertThat(tick.exchange()).isEqualTo("SIM");
      assertThat(tick.timestampNanos()).isGreaterThan(previousTimestamp);
      previousTimestamp = tick.timestampNanos();
      long expected = volume.merge(tick.symbol(), tick.lastSize(), Long::sum);
      assertThat(tick.volume()).isEqualTo(expected);
      assertThat(tick.validate()).isSameAs(tick);
    }
    assertThat(volume).containsOnlyKeys("AAPL", "MSFT");
  }

  @Test
  void pricesStartAtTheGivenLevelsAndStayNearThem() {
    List<MarketData> ticks = take(seeded(4), 2_000);

    MarketData firstMsft = ticks.stream().filter(t -> t.symbol().equals("MSFT")).findFirst().get();
    assertThat(firstMsft.midPrice()).isCloseTo(410.0, within(2.0));
    // 1000 steps of 5 bp: a 20 % move would be about 13 standard deviations
    assertThat(ticks)
        .allSatisfy(
            t -> {
              double start = t.symbol().equals("AAPL") ? 185.5 : 410.0;
              assertThat(t.midPrice()).isBetween(start * 0.8, start * 1.2);
            });
  }

  @Test
  void spreadIsAtLeastOneCentAndWholeCents() {
    for (MarketData tick : take(seeded(5), 1_000)) {
      double cents = tick.spread() * 100;
      assertThat(cents).isGreaterThanOrEqualTo(0.999);
      assertThat(cents).isCloseTo(Math.rint(cents), within(1e-6));
    }
  }

  @Test
  void parsesStartPrices() {
    assertThat(TickSimulator.parseStartPrices("AAPL:185.5, MSFT:410"))
        .containsExactly(Map.entry("AAPL", 185.5), Map.entry("MSFT", 410.0));
    assertThat(TickSimulator.parseStartPrices(null)).isEmpty();
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> TickSimulator.parseStartPrices("AAPL=185"))
        .hasMessageContaining("AAPL=185");
    assertThatThrownBy(() -> TickSimulator.builder().symbols(List.of()).build())
        .hasMessageContaining("at least one symbol");
    assertThatThrownBy(() -> TickSimulator.builder().startPrices(Map.of("AAPL", -1.0)).build())
        .hasMessageContaining("AAPL");
  }
}
