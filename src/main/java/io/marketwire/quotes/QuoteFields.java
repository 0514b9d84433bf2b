package io.marketwire.quotes;

import io.marketwire.model.MarketData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * Quotes to and from the fields of a {@code stock_quotes} entry.
 *
 * <p>Written: {@code symbol, price, change, change_percent, volume, timestamp} (epoch seconds, as
 * seed 002 has it), {@code datetime} (ISO-8601 UTC with milliseconds) and {@code seq}.
 *
 * <p>Read: the same, or seed 002's own shape ({@code symbol, price, volume, timestamp, datetime},
 * no change fields). The time is taken from {@code timestamp} (seconds, fractions allowed), else
 * from {@code datetime} (with an offset, or UTC when it has none), else from the entry id.
 */
public final class QuoteFields {

  /** Upper-case ticker: a letter, then up to 9 letters, digits, dots or dashes. */
  public static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9.\\-]{0,9}");

  /** The producer's reference per symbol: the first price of the current UTC day. */
  private final Map<String, Reference> references = new ConcurrentHashMap<>();

  private record Reference(LocalDate day, double price) {}

  /** Fields of the entry for one tick of the simulator or the bar replay. */
  public Map<String, String> fromTick(@Body MarketData tick) {
    double price = tick.lastPrice() > 0 ? tick.lastPrice() : tick.midPrice();
    long millis = tick.timestampNanos() / 1_000_000;
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    Reference ref =
        references.compute(
            tick.symbol(),
            (s, r) -> r == null || !r.day().equals(day) ? new Reference(day, price) : r);
    double change = price - ref.price();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("symbol", tick.symbol());
    fields.put("price", Double.toString(round(price, 4)));
    fields.put("change", Double.toString(round(change, 4)));
    fields.put("change_percent", Double.toString(round(change / ref.price() * 100, 4)));
    fields.put("volume", Long.toString(tick.lastSize()));
    fields.put("timestamp", Long.toString(millis / 1000));
    fields.put("datetime", Instant.ofEpochMilli(millis).toString());
    fields.put("seq", Long.toString(tick.sequenceNumber()));
    return fields;
  }

  /**
   * The quote in an entry's fields.
   *
   * @throws MalformedQuoteException naming the first field that is missing or wrong
   */
  public Quote parse(
      @Body Map<String, String> fields,
      @Header("CamelRedisStreamId") String id,
      @Header("CamelRedisStreamTimestamp") Long entryMillis) {
    if (fields == null) {
      throw new MalformedQuoteException("empty entry " + id);
    }
    String symbol = required(fields, "symbol", id).trim();
    if (!SYMBOL.matcher(symbol).matches()) {
      throw new MalformedQuoteException("entry " + id + ": symbol '" + clip(symbol) + "' is not a ticker");
    }
    double price = number(fields, "price", id);
    if (!(price > 0) || Double.isInfinite(price)) {
      throw new MalformedQuoteException("entry " + id + ": price " + price + " is not a positive number");
    }
    long volume = fields.get("volume") == null ? 0 : Math.round(number(fields, "volume", id));
    if (volume < 0) {
      throw new MalformedQuoteException("entry " + id + ": volume " + volume + " is negative");
    }
    Double change = optionalNumber(fields, "change", id);
    Double changePercent = optionalNumber(fields, "change_percent", id);
    Long seq = fields.get("seq") == null ? null : Math.round(number(fields, "seq", id));
    return new Quote(id, symbol, price, change, changePercent, volume, time(fields, id, entryMillis), seq);
  }

  private static long time(Map<String, String> fields, String id, Long entryMillis) {
    String timestamp = fields.get("timestamp");
    if (timestamp != null && !timestamp.isBlank()) {
      double seconds = number(fields, "timestamp", id);
      if (seconds < 0) {
        throw new MalformedQuoteException("entry " + id + ": timestamp " + timestamp + " is negative");
      }
      return Math.round(seconds * 1000);
    }
    String datetime = fields.get("datetime");
    if (datetime != null && !datetime.isBlank()) {
      try {
        return OffsetDateTime.parse(datetime).toInstant().toEpochMilli();
      } catch (DateTimeParseException withoutOffset) {
        try {
          return LocalDateTime.parse(datetime).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
          throw new MalformedQuoteException("entry " + id + ": datetime '" + clip(datetime) + "' is not ISO-8601");
        }
      }
    }
    if (entryMillis != null) {
      return entryMillis;
    }
    throw new MalformedQuoteException("entry " + id + ": no timestamp or datetime");
  }

  /** Fields of an entry of the alerts stream (all values as text). */
  public Map<String, String> alertFields(@Body Alert alert) {
    Map<String, String> fields = new LinkedHashMap<>();
    QuotesApi.alertJson(alert).forEach((k, v) -> fields.put(k, v == null ? "" : v.toString()));
    return fields;
  }

  private static String required(Map<String, String> fields, String name, String id) {
    String value = fields.get(name);
    if (value == null || value.isBlank()) {
      throw new MalformedQuoteException("entry " + id + ": field '" + name + "' is missing");
    }
    return value;
  }

  private static double number(Map<String, String> fields, String name, String id) {
    String value = required(fields, name, id).trim();
    try {
      double d = Double.parseDouble(value);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new MalformedQuoteException("entry " + id + ": field '" + name + "' = '" + clip(value) + "' is not a number");
    }
  }

  private static Double optionalNumber(Map<String, String> fields, String name, String id) {
    String value = fields.get(name);
    return value == null || value.isBlank() ? null : number(fields, name, id);
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
