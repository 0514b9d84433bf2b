package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.model.MarketData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Quote fields, price alerts, volume spikes, market events and API parameters, without Redis. */
class QuoteLogicTest {

  private final QuoteFields fields = new QuoteFields();

  private static Quote quote(String symbol, double price, long volume, String time) {
    return new Quote("1-" + price, symbol, price, null, null, volume, Instant.parse(time).toEpochMilli(), null);
  }

  @Test
  void changeAlertsFollowTheQuotesOwnChangePercentWithoutState() {
    ChangeAlerts alerts = new ChangeAlerts(1.5);
    Quote small = new Quote("1-0", "AZO", 100.0, 1.0, 1.01, 10, 0, null);
    Quote big = new Quote("2-0", "AZO", 98.0, -2.0, -2.0, 10, 0, null);
    Quote exactly = new Quote("3-0", "AZO", 101.5, 1.5, 1.5, 10, 0, null);
    Quote unknown = new Quote("4-0", "AZO", 101.5, null, null, 10, 0, null);

    assertThat(alerts.check(small)).isNull();
    Alert alert = alerts.check(big);
    assertThat(alert.kind()).isEqualTo(Alert.Kind.CHANGE_ALERT);
    assertThat(alert.value()).isEqualTo(-2.0);
    assertThat(alert.reference()).isEqualTo(100.0);
    assertThat(alert.sourceId()).isEqualTo("2-0");
    assertThat(alerts.check(big)).as("no state: the same quote alerts again").isNotNull();
    assertThat(alerts.check(exactly)).isNotNull();
    assertThat(alerts.check(unknown)).isNull();
    assertThatThrownBy(() -> new ChangeAlerts(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seedShapedEntryIsAQuote() {
    Map<String, String> seed = new LinkedHashMap<>();
    seed.put("symbol", "AAPL");
    seed.put("price", "185.5");
    seed.put("volume", "1200");
    seed.put("timestamp", "1709305200");
    seed.put("datetime", "2024-03-01T10:00:00.123456");
    Quote q = fields.parse(seed, "5-0", 5L);
    assertThat(q).isEqualTo(new Quote("5-0", "AAPL", 185.5, null, null, 1200, 1709305200_000L, null));
  }

  @Test
  void timeFromDatetimeOrTheEntryIdWhenNoTimestamp() {
    assertThat(fields.parse(Map.of("symbol", "A", "price", "1", "datetime", "2024-03-01T15:00:00Z"), "1-0", 7L).timestampMillis())
        .isEqualTo(Instant.parse("2024-03-01T15:00:00Z").toEpochMilli());
    assertThat(fields.parse(Map.of("symbol", "A", "price", "1", "datetime", "2024-03-01T15:00:00"), "1-0", 7L).timestampMillis())
        .isEqualTo(Instant.parse("2024-03-01T15:00:00Z").toEpochMilli());
    assertThat(fields.parse(Map.of("symbol", "A", "price", "1"), "1-0", 7L).timestampMillis()).isEqualTo(7L);
  }

  @Test
  void malformedEntriesNameTheField() {
    // an IllegalArgumentException: the redis-stream consumer's default poisonExceptions
    assertThatThrownBy(() -> fields.parse(Map.of("price", "1"), "9-0", 1L)).hasMessageContaining("'symbol' is missing")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fields.parse(Map.of("symbol", "a$", "price", "1"), "9-0", 1L)).hasMessageContaining("is not a ticker");
    assertThatThrownBy(() -> fields.parse(Map.of("symbol", "A", "price", "-1"), "9-0", 1L)).hasMessageContaining("not a positive number");
    assertThatThrownBy(() -> fields.parse(Map.of("symbol", "A", "price", "NaN"), "9-0", 1L)).hasMessageContaining("is not a number");
    assertThatThrownBy(() -> fields.parse(Map.of("symbol", "A", "price", "1", "volume", "-5"), "9-0", 1L)).hasMessageContaining("negative");
    assertThatThrownBy(() -> fields.parse(Map.of("symbol", "A", "price", "1", "datetime", "noon"), "9-0", null)).hasMessageContaining("not ISO-8601");
  }

  @Test
  void producerFieldsCarryChangeFromTheDaysFirstPriceAndReadBack() {
    long t = Instant.parse("2024-03-01T15:00:00Z").toEpochMilli() * 1_000_000;
    fields.fromTick(new MarketData("GWW", 0, 0, 0, 0, 100.0, 10, 10, t, "SIM", 1));
    Map<String, String> f = fields.fromTick(new MarketData("GWW", 0, 0, 0, 0, 102.5, 7, 17, t + 1_000_000_000L, "SIM", 2));
    assertThat(f).containsEntry("change", "2.5").containsEntry("change_percent", "2.5").containsEntry("volume", "7")
        .containsEntry("timestamp", "1709305201").containsEntry("datetime", "2024-03-01T15:00:01Z").containsEntry("seq", "2");
    Quote q = fields.parse(f, "3-0", null);
    assertThat(q.change()).isEqualTo(2.5);
    assertThat(q.seq()).isEqualTo(2L);
  }

  @Test
  void priceAlertAtThresholdNotBelowWithPerSymbolThresholds() {
    PriceAlerts alerts = new PriceAlerts(s -> s.equals("BKNG") ? 1.5 : 2.0);
    assertThat(alerts.check(quote("X", 100, 1, "2024-03-01T15:00:00Z"))).isNull(); // sets the reference
    assertThat(alerts.check(quote("X", 101.99, 1, "2024-03-01T15:00:01Z"))).isNull();
    assertThat(alerts.check(quote("X", 98.01, 1, "2024-03-01T15:00:02Z"))).isNull();
    Alert down = alerts.check(quote("X", 98.0, 1, "2024-03-01T15:00:03Z"));
    assertThat(down.kind()).isEqualTo(Alert.Kind.PRICE_ALERT);
    assertThat(down.value()).isCloseTo(-2.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(alerts.reference("X")).isEqualTo(98.0); // the alert's price is the new reference
    assertThat(alerts.check(quote("BKNG", 100, 1, "2024-03-01T15:00:00Z"))).isNull();
    assertThat(alerts.check(quote("BKNG", 101.5, 1, "2024-03-01T15:00:01Z"))).isNotNull();
  }

  @Test
  void volumeSpikeAgainstTheRollingAverage() {
    VolumeAnalysis volume = new VolumeAnalysis(5, 3, 3.0);
    assertThat(volume.check(quote("V", 1, 100, "2024-03-01T15:00:00Z"))).isNull();
    assertThat(volume.check(quote("V", 1, 1000, "2024-03-01T15:00:01Z"))).isNull(); // too few samples yet
    assertThat(volume.check(quote("V", 1, 100, "2024-03-01T15:00:02Z"))).isNull();
    // average of 100, 1000, 100 = 400: 1199 is below 3x, 1200 is a spike
    assertThat(volume.check(quote("V", 1, 1199, "2024-03-01T15:00:03Z"))).isNull();
    VolumeAnalysis fresh = new VolumeAnalysis(5, 3, 3.0);
    for (long v : new long[] {100, 1000, 100}) {
      fresh.check(quote("V", 1, v, "2024-03-01T15:00:00Z"));
    }
    Alert spike = fresh.check(quote("V", 1, 1200, "2024-03-01T15:00:03Z"));
    assertThat(spike.kind()).isEqualTo(Alert.Kind.VOLUME_SPIKE);
    assertThat(spike.reference()).isEqualTo(400.0);
    assertThatThrownBy(() -> new VolumeAnalysis(5, 6, 3.0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionOpenCloseGapHaltAndStale() {
    AtomicLong now = new AtomicLong(0);
    Clock clock = new Clock() {
      @Override public ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(ZoneId zone) { return this; }
      @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    };
    MarketEvents events = new MarketEvents(ZoneId.of("America/New_York"), LocalTime.of(9, 30), LocalTime.of(16, 0), 3.0, Duration.ofMinutes(5), clock);
    assertThat(events.check(quote("E", 100, 1, "2024-03-01T14:00:00Z"))).isEmpty(); // 09:00 New York: pre-market
    assertThat(kinds(events.check(quote("E", 101, 1, "2024-03-01T14:30:00Z")))).containsExactly(Alert.Kind.SESSION_OPEN);
    assertThat(events.check(quote("E", 102, 1, "2024-03-01T14:34:59Z"))).isEmpty();
    assertThat(kinds(events.check(quote("E", 102, 1, "2024-03-01T14:40:00Z")))).containsExactly(Alert.Kind.HALT); // 5 min 1 s silent
    assertThat(kinds(events.check(quote("E", 103, 1, "2024-03-01T21:00:00Z")))).containsExactly(Alert.Kind.SESSION_CLOSE); // 16:00
    List<Alert> monday = events.check(quote("E", 106.1, 1, "2024-03-04T14:30:00Z")); // +4.0 % from the close 102 (the last quote inside the session)
    assertThat(kinds(monday)).containsExactly(Alert.Kind.SESSION_OPEN, Alert.Kind.GAP);
    assertThat(events.checkStale()).isEmpty();
    now.addAndGet(Duration.ofMinutes(5).toMillis());
    assertThat(kinds(events.checkStale())).containsExactly(Alert.Kind.STALE);
    assertThat(events.checkStale()).isEmpty(); // reported once
  }

  @Test
  void apiParametersAreCheckedWith400() {
    assertThat(QuotesApi.symbol(" gww ")).isEqualTo("GWW");
    assertThatThrownBy(() -> QuotesApi.symbol("G W")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThat(QuotesApi.time("from", "2024-03-01")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
    assertThat(QuotesApi.time("from", "1709305200")).isEqualTo(1709305200_000L);
    assertThat(QuotesApi.time("to", "2024-03-01T15:00:00Z")).isEqualTo(Instant.parse("2024-03-01T15:00:00Z").toEpochMilli());
    assertThatThrownBy(() -> QuotesApi.time("from", "soon")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThat(QuotesApi.limit(null, 7)).isEqualTo(7);
    assertThatThrownBy(() -> QuotesApi.limit("100000", 7)).isInstanceOf(ApiException.class);
  }

  private static List<Alert.Kind> kinds(List<Alert> alerts) {
    return alerts.stream().map(Alert::kind).toList();
  }
}
