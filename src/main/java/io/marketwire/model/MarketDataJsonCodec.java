package io.marketwire.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@link MarketData} as JSON, with the field names of the Python reference producer (seed 000's
 * pydantic model): {@code symbol, bid_price, ask_price, bid_size, ask_size, last_price, last_size,
 * volume, timestamp, exchange, sequence_number}. Reading also takes seed 001's tick ({@code ticker,
 * price, volume, bid, ask, timestamp}, bid and ask possibly {@code null}): its {@code volume} is
 * the tick's own size, so it becomes the last size too when no {@code last_size} is given. The
 * unified stream's enrichment ({@code received_at}) is written on request and skipped when read.
 *
 * <p>Writing produces numbers as JSON numbers and the timestamp as ISO-8601 UTC text with nine
 * fraction digits. Reading is lenient where that producer is: pydantic writes {@code Decimal} as a
 * string ({@code "185.50"}), other producers write numbers, timestamps come as ISO text (with or
 * without offset) or epoch numbers in any unit (see {@link Timestamps}). Unknown fields are skipped
 * so that producers can add fields first. {@code symbol} and {@code timestamp} are required; other
 * missing or {@code null} numbers read as {@code 0} and a missing exchange as empty.
 *
 * <p>It streams with Jackson's {@link JsonParser}/{@link JsonGenerator} from one shared,
 * thread-safe {@link JsonFactory}, with no reflection or data binding, because this sits on every
 * message's path. Instances are immutable and thread-safe. Decoding does not validate; {@link
 * MarketDataCodec} does.
 */
public final class MarketDataJsonCodec {

  /** Python's {@code json} module writes bare {@code NaN}; reading it lets validation name it. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  static final String SYMBOL = "symbol";
  static final String BID_PRICE = "bid_price";
  static final String ASK_PRICE = "ask_price";
  static final String BID_SIZE = "bid_size";
  static final String ASK_SIZE = "ask_size";
  static final String LAST_PRICE = "last_price";
  static final String LAST_SIZE = "last_size";
  static final String VOLUME = "volume";
  static final String TIMESTAMP = "timestamp";
  static final String EXCHANGE = "exchange";
  static final String SEQUENCE_NUMBER = "sequence_number";
  static final String RECEIVED_AT = "received_at";
  // seed 001's names
  static final String TICKER = "ticker";
  static final String PRICE = "price";
  static final String BID = "bid";
  static final String ASK = "ask";

  /** UTF-8 JSON bytes of {@code data}. */
  public byte[] encode(MarketData data) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
      try (JsonGenerator generator = FACTORY.createGenerator(out)) {
        write(generator, data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
  }

  /** JSON text of {@code data}. */
  public String encodeToString(MarketData data) {
    return new String(encode(data), StandardCharsets.UTF_8);
  }

  /**
   * UTF-8 JSON bytes of {@code data} with {@code received_at}, as seed 001's multi-exchange
   * aggregator enriches a tick before it republishes it to the unified stream.
   */
  public byte[] encodeReceived(MarketData data, Instant receivedAt) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(288)) {
      try (JsonGenerator generator = FACTORY.createGenerator(out)) {
        writeFields(generator, data);
        generator.writeStringField(RECEIVED_AT, receivedAt.toString());
        generator.writeEndObject();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
  }

  private static void write(JsonGenerator g, MarketData d) throws IOException {
    writeFields(g, d);
    g.writeEndObject();
  }

  /** The object's start and fields, left open for an enrichment. */
  private static void writeFields(JsonGenerator g, MarketData d) throws IOException {
    g.writeStartObject();
    g.writeStringField(SYMBOL, d.symbol());
    g.writeNumberField(BID_PRICE, d.bidPrice());
    g.writeNumberField(ASK_PRICE, d.askPrice());
    g.writeNumberField(BID_SIZE, d.bidSize());
    g.writeNumberField(ASK_SIZE, d.askSize());
    g.writeNumberField(LAST_PRICE, d.lastPrice());
    g.writeNumberField(LAST_SIZE, d.lastSize());
    g.writeNumberField(VOLUME, d.volume());
    g.writeStringField(TIMESTAMP, Timestamps.format(d.timestampNanos()));
    g.writeStringField(EXCHANGE, d.exchange());
    g.writeNumberField(SEQUENCE_NUMBER, d.sequenceNumber());
  }

  /** Reads one JSON object from UTF-8 bytes. */
  public MarketData decode(byte[] json) {
    return decode(json, 0, json.length);
  }

  /** Reads one JSON object from {@code length} UTF-8 bytes at {@code offset}. */
  public MarketData decode(byte[] json, int offset, int length) {
    try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
      return read(parser);
    } catch (JsonProcessingException e) {
      throw new MarketDataFormatException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from memory failed", e);
    }
  }

  /** Reads one JSON object from text. */
  public MarketData decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static MarketData read(JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new MarketDataFormatException(
          "expected a JSON object, found " + (first == null ? "nothing" : first.asString()));
    }
    String symbol = null;
    double bidPrice = 0;
    double askPrice = 0;
    double lastPrice = 0;
    long bidSize = 0;
    long askSize = 0;
    long lastSize = 0;
    long volume = 0;
    long timestamp = 0;
    boolean hasTimestamp = false;
    String exchange = "";
    long sequenceNumber = 0;
    boolean hasLastSize = false;
    boolean seed001 = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case SYMBOL -> symbol = readText(p, value, SYMBOL);
        case TICKER -> {
          symbol = readText(p, value, TICKER);
          seed001 = true;
        }
        case BID_PRICE, BID -> bidPrice = readPrice(p, value, name);
        case ASK_PRICE, ASK -> askPrice = readPrice(p, value, name);
        case LAST_PRICE -> lastPrice = readPrice(p, value, LAST_PRICE);
        case PRICE -> {
          lastPrice = readPrice(p, value, PRICE);
          seed001 = true;
        }
        case BID_SIZE -> bidSize = readWhole(p, value, BID_SIZE);
        case ASK_SIZE -> askSize = readWhole(p, value, ASK_SIZE);
        case LAST_SIZE -> {
          lastSize = readWhole(p, value, LAST_SIZE);
          hasLastSize = true;
        }
        case VOLUME -> volume = readWhole(p, value, VOLUME);
        case SEQUENCE_NUMBER -> sequenceNumber = readWhole(p, value, SEQUENCE_NUMBER);
        case EXCHANGE -> {
          String text = readText(p, value, EXCHANGE);
          exchange = text == null ? "" : text;
        }
        case TIMESTAMP -> {
          if (value != JsonToken.VALUE_NULL) {
            timestamp = readTimestamp(p, value);
            hasTimestamp = true;
          }
        }
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new MarketDataFormatException("unexpected " + p.currentToken() + " in the object");
    }
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new MarketDataFormatException(
          "unexpected " + trailing.asString() + " after the JSON object");
    }
    if (symbol == null) {
      throw new MarketDataFormatException(SYMBOL, null, "field is required (or ticker)");
    }
    if (seed001 && !hasLastSize) {
      lastSize = volume; // seed 001: a tick's volume is its own size
    }
    if (!hasTimestamp) {
      throw new MarketDataFormatException(TIMESTAMP, null, "field is required");
    }
    return new MarketData(
        symbol,
        bidPrice,
        bidSize,
        askPrice,
        askSize,
        lastPrice,
        lastSize,
        volume,
        timestamp,
        exchange,
        sequenceNumber);
  }

  private static String readText(JsonParser p, JsonToken value, String field) throws IOException {
    return switch (value) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      default -> throw wrongType(p, value, field, "a string");
    };
  }

  private static double readPrice(JsonParser p, JsonToken value, String field) throws IOException {
    return switch (value) {
      case VALUE_NULL -> 0;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_STRING -> parsePrice(p.getText(), field);
      default -> throw wrongType(p, value, field, "a number or a numeric string");
    };
  }

  private static double parsePrice(String text, String field) {
    String trimmed = text.trim();
    switch (trimmed) {
      case "NaN", "nan", "sNaN":
        return Double.NaN;
      case "Infinity", "+Infinity", "inf", "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Infinity", "-inf", "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        // Double.parseDouble alone would also take "1.5d" and hex floats
        if (!DECIMAL.matcher(trimmed).matches()) {
          throw new MarketDataFormatException(field, text, "not a decimal number");
        }
        return Double.parseDouble(trimmed);
    }
  }

  private static long readWhole(JsonParser p, JsonToken value, String field) throws IOException {
    try {
      return switch (value) {
        case VALUE_NULL -> 0;
        case VALUE_NUMBER_INT -> p.getLongValue();
        case VALUE_NUMBER_FLOAT -> p.getDecimalValue().longValueExact();
        case VALUE_STRING -> parseWhole(p.getText().trim());
        default -> throw wrongType(p, value, field, "a whole number or a numeric string");
      };
    } catch (ArithmeticException | NumberFormatException | JsonProcessingException e) {
      throw new MarketDataFormatException(
          field, p.getText(), "not a whole number that fits in 64 bits", e);
    }
  }

  private static long parseWhole(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notPlain) {
      // "500.0" or "5E+6" from a Decimal: exact or rejected, never rounded
      if (!DECIMAL.matcher(text).matches()) {
        throw notPlain;
      }
      return new BigDecimal(text).longValueExact();
    }
  }

  private static long readTimestamp(JsonParser p, JsonToken value) throws IOException {
    try {
      return switch (value) {
        case VALUE_NUMBER_INT -> Timestamps.fromEpochNumber(p.getLongValue());
        case VALUE_NUMBER_FLOAT -> Timestamps.fromEpochNumber(p.getDecimalValue());
        case VALUE_STRING -> parseTimestampText(p.getText());
        default -> throw wrongType(p, value, TIMESTAMP, "ISO-8601 text or an epoch number");
      };
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      throw new MarketDataFormatException(
          TIMESTAMP, p.getText(), "not an ISO-8601 date-time or epoch number", e);
    }
  }

  private static long parseTimestampText(String text) {
    String trimmed = text.trim();
    if (DECIMAL.matcher(trimmed).matches()) {
      return trimmed.indexOf('.') < 0 && trimmed.indexOf('e') < 0 && trimmed.indexOf('E') < 0
          ? Timestamps.fromEpochNumber(Long.parseLong(trimmed))
          : Timestamps.fromEpochNumber(new BigDecimal(trimmed));
    }
    return Timestamps.parseIso(trimmed);
  }

  private static MarketDataFormatException wrongType(
      JsonParser p, JsonToken value, String field, String expected) throws IOException {
    return new MarketDataFormatException(
        field, value.isScalarValue() ? p.getText() : value.asString(), "expected " + expected);
  }
}
