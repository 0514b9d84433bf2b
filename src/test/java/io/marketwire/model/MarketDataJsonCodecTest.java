package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarketDataJsonCodecTest {

  private final MarketDataJsonCodec codec = new MarketDataJsonCodec();

  @Test
  void roundTripKeepsEveryFieldAndNanoseconds() {
    MarketData tick = MarketDataFixtures.aapl();

    assertThat(codec.decode(codec.encode(tick))).isEqualTo(tick);
  }

  @Test
  void writesTheSeedFieldNamesInOrder() {
    String json = codec.encodeToString(MarketDataFixtures.aapl());

    assertThat(json)
        .isEqualTo(
            "{\"symbol\":\"AAPL\",\"bid_price\":185.5,\"ask_price\":185.52,\"bid_size\":500,"
                + "\"ask_size\":300,\"last_price\":185.51,\"last_size\":100,\"volume\":5000000,"
                + "\"timestamp\":\"2024-01-02T14:30:00.123456789Z\",\"exchange\":\"NASDAQ\","
                + "\"sequence_number\":12345}");
  }

  /** Seed 001's publisher: json.dumps of ticker, price, volume, bid, ask and a naive utcnow(). */
  @Test
  void readsSeed001TicksWhoseVolumeIsTheTicksSize() {
    String json =
        "{\"timestamp\": \"2024-03-01T14:30:00.250000\", \"ticker\": \"AZO\", \"price\": 2801.5,"
            + " \"volume\": 120, \"bid\": 2801.25, \"ask\": null}";

    MarketData tick = codec.decode(json);

    assertThat(tick.symbol()).isEqualTo("AZO");
    assertThat(tick.lastPrice()).isEqualTo(2801.5);
    assertThat(tick.lastSize()).as("the seed's per-tick volume is the trade size").isEqualTo(120);
    assertThat(tick.volume()).isEqualTo(120);
    assertThat(tick.bidPrice()).isEqualTo(2801.25);
    assertThat(tick.askPrice()).as("a null side reads as unquoted").isZero();
    assertThat(tick.timestamp()).hasToString("2024-03-01T14:30:00.250Z");
    assertThat(tick.exchange()).isEmpty();
  }

  @Test
  void aSeed000TickWithoutLastSizeKeepsItZero() {
    MarketData tick = codec.decode("{\"symbol\":\"AZO\",\"volume\":900,\"timestamp\":1709303400000}");

    assertThat(tick.lastSize()).isZero();
    assertThat(tick.volume()).isEqualTo(900);
  }

  @Test
  void theUnifiedStreamsEnrichmentIsWrittenInTheBodyAndSkippedWhenRead() {
    MarketData tick = MarketDataFixtures.aapl();
    java.time.Instant received = java.time.Instant.parse("2024-01-02T14:30:00.200Z");

    String json = new String(codec.encodeReceived(tick, received), StandardCharsets.UTF_8);

    assertThat(json).contains("\"exchange\":\"NASDAQ\"").endsWith(",\"received_at\":\"2024-01-02T14:30:00.200Z\"}");
    assertThat(codec.decode(json)).isEqualTo(tick);
  }

  /** pydantic v2 {@code model_dump_json()}: Decimal as strings, datetime with "Z", compact. */
  @Test
  void readsPydanticJsonWithDecimalStrings() {
    String json =
        "{\"symbol\":\"AAPL\",\"bid_price\":\"185.50\",\"ask_price\":\"185.52\","
            + "\"bid_size\":\"500\",\"ask_size\":\"300\",\"last_price\":\"185.51\","
            + "\"last_size\":\"100\",\"volume\":\"5000000\","
            + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"exchange\":\"NASDAQ\","
            + "\"sequence_number\":12345}";

    MarketData tick = codec.decode(json);

    assertThat(tick)
        .isEqualTo(
            new MarketData(
                "AAPL",
                185.50,
                500,
                185.52,
                300,
                185.51,
                100,
                5_000_000,
                1_704_205_800_123_456_000L,
                "NASDAQ",
                12345));
  }

  /** {@code json.dumps(..., default=str)} and simplejson's use_decimal: spaces, numbers, +00:00. */
  @Test
  void readsPythonJsonDumpsWithDecimalNumbers() {
    String json =
        "{\"symbol\": \"AAPL\", \"bid_price\": 185.50, \"ask_price\": 185.52, \"bid_size\": 500,"
            + " \"ask_size\": 300, \"last_price\": 185.51, \"last_size\": 100,"
            + " \"volume\": 5000000, \"timestamp\": \"2024-01-02T14:30:00.123456+00:00\","
            + " \"exchange\": \"NASDAQ\", \"sequence_number\": 12345}";

    MarketData tick = codec.decode(json);

    assertThat(tick.bidPrice()).isEqualTo(185.50);
    assertThat(tick.askPrice()).isEqualTo(185.52);
    assertThat(tick.volume()).isEqualTo(5_000_000);
    assertThat(tick.timestampNanos()).isEqualTo(1_704_205_800_123_456_000L);
  }

  @Test
  void decimalSizeWithZeroFractionIsAccepted() {
    MarketData tick = codec.decode(withField("bid_size", "\"500.0\""));

    assertThat(tick.bidSize()).isEqualTo(500);
  }

  @ParameterizedTest
  @CsvSource({
    "'\"2024-01-02 14:30:00.5+00:00\"', 1704205800500000000",
    "'\"2024-01-02T09:30:00-05:00\"', 1704205800000000000",
    "'\"2024-01-02T14:30:00\"', 1704205800000000000",
    "'\"2024-01-02T14:30:00.000000001Z\"', 1704205800000000001",
    "1704205800, 1704205800000000000",
    "1704205800.25, 1704205800250000000",
    "1704205800123, 1704205800123000000",
    "1704205800123456, 1704205800123456000",
    "1704205800123456789, 1704205800123456789",
    "'\"1704205800123\"', 1704205800123000000"
  })
  void readsTimestampsInEveryForm(String timestamp, long expectedNanos) {
    assertThat(codec.decode(withField("timestamp", timestamp)).timestampNanos())
        .isEqualTo(expectedNanos);
  }

  @Test
  void skipsUnknownFieldsAndDefaultsMissingNumbers() {
    String json =
        "{\"symbol\":\"X\",\"extra\":{\"a\":[1,2]},\"timestamp\":1704205800000,\"bid_price\":null}";

    MarketData tick = codec.decode(json);

    assertThat(tick.symbol()).isEqualTo("X");
    assertThat(tick.bidPrice()).isZero();
    assertThat(tick.exchange()).isEmpty();
  }

  @Test
  void bareNanReachesValidationInsteadOfFailingTheParse() {
    assertThat(codec.decode(withField("bid_price", "NaN")).bidPrice()).isNaN();
    assertThat(codec.decode(withField("bid_price", "\"NaN\"")).bidPrice()).isNaN();
  }

  @Test
  void nonNumericPriceTextNamesTheField() {
    assertThatThrownBy(() -> codec.decode(withField("ask_price", "\"185.5x\"")))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("ask_price=\"185.5x\"");
  }

  @Test
  void fractionalSizeNamesTheField() {
    assertThatThrownBy(() -> codec.decode(withField("last_size", "\"10.5\"")))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("last_size=\"10.5\"");
  }

  @Test
  void wrongTypeNamesTheField() {
    assertThatThrownBy(() -> codec.decode(withField("volume", "[1]")))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("volume=");
  }

  @Test
  void badTimestampNamesTheField() {
    assertThatThrownBy(() -> codec.decode(withField("timestamp", "\"yesterday\"")))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("timestamp=\"yesterday\"");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThatThrownBy(() -> codec.decode("{\"timestamp\":1}"))
        .hasMessageStartingWith("symbol=null");
    assertThatThrownBy(() -> codec.decode("{\"symbol\":\"A\"}"))
        .hasMessageStartingWith("timestamp=null");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "[]", "\"AAPL\"", "{\"symbol\":", "{} {}", "{\"symbol\" \"A\"}", "nope"})
  void garbageIsAFormatError(String json) {
    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MarketDataFormatException.class);
  }

  /** The seed example as pydantic writes it, with one field's JSON value replaced. */
  private static String withField(String field, String jsonValue) {
    String base =
        "{\"symbol\":\"AAPL\",\"bid_price\":\"185.50\",\"ask_price\":\"185.52\","
            + "\"bid_size\":\"500\",\"ask_size\":\"300\",\"last_price\":\"185.51\","
            + "\"last_size\":\"100\",\"volume\":\"5000000\","
            + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"exchange\":\"NASDAQ\","
            + "\"sequence_number\":12345}";
    String replaced =
        base.replaceFirst(
            "\"" + field + "\":(\"[^\"]*\"|[0-9]+)",
            "\"" + field + "\":" + Matcher.quoteReplacement(jsonValue));
    assertThat(replaced).isNotEqualTo(base);
    return replaced;
  }
}
