package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MarketDataTest {

  @Test
  void spreadAndMidFollowTheSeedExample() {
    MarketData tick = MarketDataFixtures.aapl();

    assertThat(tick.spread()).isCloseTo(0.02, within(1e-9));
    assertThat(tick.midPrice()).isCloseTo(185.51, within(1e-9));
  }

  @Test
  void timestampKeepsNanoseconds() {
    assertThat(MarketDataFixtures.aapl().timestamp())
        .isEqualTo(Instant.parse("2024-01-02T14:30:00.123456789Z"));
  }

  @Test
  void nullExchangeBecomesEmpty() {
    MarketData tick = new MarketData("A", 1, 1, 2, 1, 1, 1, 1, 1, null, 1);

    assertThat(tick.exchange()).isEmpty();
  }

  @Test
  void validateReturnsTheValueWhenItIsGood() {
    MarketData tick = MarketDataFixtures.aapl();

    assertThat(tick.validate()).isSameAs(tick);
  }
}
