package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarketDataValidatorTest {

  private static final Instant NOW = Instant.parse("2024-01-02T15:00:00Z");
  private final MarketDataValidator validator =
      new MarketDataValidator(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  private static MarketData quote(String symbol, double bid, double ask, long nanos) {
    return new MarketData(symbol, bid, 100, ask, 100, bid, 10, 1000, nanos, "X", 1);
  }

  private static MarketData good() {
    return quote("AAPL", 185.50, 185.52, MarketDataFixtures.NANOS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "AAPL", "BRK.B", "RDS-A", "ABCDEFGHIJK1"})
  void acceptsTickers(String symbol) {
    MarketData data = quote(symbol, 1, 2, MarketDataFixtures.NANOS);

    assertThat(validator.validate(data)).isSameAs(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "aapl", "1ABC", ".A", "AAPL ", "ABCDEFGHIJKL1", "A/B", "ÄPFEL"})
  void rejectsMalformedSymbolsNamingTheField(String symbol) {
    assertThatThrownBy(() -> validator.validate(quote(symbol, 1, 2, MarketDataFixtures.NANOS)))
        .isInstanceOf(MarketDataException.class)
        .hasMessageStartingWith("symbol=\"" + symbol + "\"")
        .satisfies(e -> assertThat(((MarketDataException) e).field()).isEqualTo("symbol"));
  }

  @Test
  void rejectsMissingSymbol() {
    assertThatThrownBy(() -> validator.validate(quote(null, 1, 2, MarketDataFixtures.NANOS)))
        .isInstanceOf(MarketDataException.class)
        .hasMessageContaining("symbol is required");
  }

  @Test
  void rejectsNanBid() {
    assertThatThrownBy(() -> validator.validate(quote("A", Double.NaN, 2, 1_000)))
        .isInstanceOf(MarketDataException.class)
        .hasMessageStartingWith("bidPrice=NaN")
        .extracting(e -> ((MarketDataException) e).field())
        .isEqualTo("bidPrice");
  }

  @Test
  void rejectsInfiniteAsk() {
    assertThatThrownBy(() -> validator.validate(quote("A", 1, Double.POSITIVE_INFINITY, 1_000)))
        .hasMessageStartingWith("askPrice=Infinity");
  }

  @Test
  void rejectsInfiniteLastPrice() {
    MarketData data =
        new MarketData("A", 1, 1, 2, 1, Double.NEGATIVE_INFINITY, 1, 1, 1_000, "X", 1);

    assertThatThrownBy(() -> validator.validate(data)).hasMessageStartingWith("lastPrice=");
  }

  @Test
  void rejectsNegativePrice() {
    assertThatThrownBy(() -> validator.validate(quote("A", -1, 2, 1_000)))
        .hasMessageStartingWith("bidPrice=-1.0");
  }

  @Test
  void rejectsNegativeSizesAndVolumeNamingEach() {
    assertThatThrownBy(
            () -> validator.validate(new MarketData("A", 1, -5, 2, 1, 1, 1, 1, 1_000, "X", 1)))
        .hasMessageStartingWith("bidSize=-5");
    assertThatThrownBy(
            () -> validator.validate(new MarketData("A", 1, 1, 2, -6, 1, 1, 1, 1_000, "X", 1)))
        .hasMessageStartingWith("askSize=-6");
    assertThatThrownBy(
            () -> validator.validate(new MarketData("A", 1, 1, 2, 1, 1, -7, 1, 1_000, "X", 1)))
        .hasMessageStartingWith("lastSize=-7");
    assertThatThrownBy(
            () -> validator.validate(new MarketData("A", 1, 1, 2, 1, 1, 1, -8, 1_000, "X", 1)))
        .hasMessageStartingWith("volume=-8");
  }

  @Test
  void rejectsAskBelowBid() {
    assertThatThrownBy(() -> validator.validate(quote("A", 10.0, 9.99, 1_000)))
        .isInstanceOf(MarketDataException.class)
        .hasMessageStartingWith("askPrice=9.99")
        .hasMessageContaining("below bid 10.0");
  }

  @Test
  void oneSidedQuoteIsNotCrossed() {
    assertThat(validator.validate(quote("A", 10.0, 0, 1_000)).askPrice()).isZero();
  }

  @Test
  void acceptsTimestampWithinSkew() {
    long nanos = Timestamps.toEpochNanos(NOW.plus(Duration.ofMinutes(4)));

    assertThat(validator.validate(quote("A", 1, 2, nanos)).timestampNanos()).isEqualTo(nanos);
  }

  @Test
  void rejectsTimestampBeyondSkew() {
    long nanos = Timestamps.toEpochNanos(NOW.plus(Duration.ofMinutes(6)));

    assertThatThrownBy(() -> validator.validate(quote("A", 1, 2, nanos)))
        .isInstanceOf(MarketDataException.class)
        .hasMessageStartingWith("timestampNanos=\"2024-01-02T15:06:00.000000000Z\"")
        .hasMessageContaining("ahead of now");
  }

  @Test
  void skewIsConfigurable() {
    MarketDataValidator strict =
        new MarketDataValidator(Duration.ofSeconds(1), Clock.fixed(NOW, ZoneOffset.UTC));
    long nanos = Timestamps.toEpochNanos(NOW.plusSeconds(2));

    assertThatThrownBy(() -> strict.validate(quote("A", 1, 2, nanos)))
        .hasMessageStartingWith("timestampNanos=");
  }

  @Test
  void rejectsTimestampAtOrBeforeEpoch() {
    assertThatThrownBy(() -> validator.validate(quote("A", 1, 2, 0)))
        .hasMessageStartingWith("timestampNanos=0");
  }

  @Test
  void defaultRulesAcceptTheSeedExample() {
    assertThat(good().validate()).isEqualTo(good());
  }
}
