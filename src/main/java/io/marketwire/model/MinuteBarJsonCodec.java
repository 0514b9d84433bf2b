package io.marketwire.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link MinuteBar} as JSON, so that bars can travel on the same brokers as ticks: {@code symbol,
 * start} (ISO-8601 UTC), {@code start_epoch_millis, open, high, low, close, vwap, volume}. Only
 * numbers are accepted for numbers: bars come from Marketwire itself, not from outside producers.
 * Thread-safe.
 */
public final class MinuteBarJsonCodec {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** UTF-8 JSON bytes of {@code bar}. */
  public byte[] encode(MinuteBar bar) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(192)) {
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("symbol", bar.symbol());
        g.writeStringField(
            "start", Timestamps.format(Math.multiplyExact(bar.startEpochMillis(), 1_000_000L)));
        g.writeNumberField("start_epoch_millis", bar.startEpochMillis());
        g.writeNumberField("open", bar.open());
        g.writeNumberField("high", bar.high());
        g.writeNumberField("low", bar.low());
        g.writeNumberField("close", bar.close());
        g.writeNumberField("vwap", bar.vwap());
        g.writeNumberField("volume", bar.volume());
        g.writeEndObject();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
  }

  /** Reads what {@link #encode} writes; {@code start} is ignored in favour of the millis. */
  public MinuteBar decode(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MarketDataFormatException("expected a JSON object for a MinuteBar");
      }
      String symbol = null;
      long start = 0;
      double open = 0;
      double high = 0;
      double low = 0;
      double close = 0;
      double vwap = 0;
      long volume = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "symbol" -> symbol = p.getValueAsString();
          case "start_epoch_millis" -> start = p.getLongValue();
          case "open" -> open = p.getDoubleValue();
          case "high" -> high = p.getDoubleValue();
          case "low" -> low = p.getDoubleValue();
          case "close" -> close = p.getDoubleValue();
          case "vwap" -> vwap = p.getDoubleValue();
          case "volume" -> volume = p.getLongValue();
          default -> p.skipChildren();
        }
      }
      if (symbol == null) {
        throw new MarketDataFormatException("symbol", null, "field is required");
      }
      return new MinuteBar(symbol, start, open, high, low, close, vwap, volume);
    } catch (JsonProcessingException e) {
      throw new MarketDataFormatException("not a valid MinuteBar: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from memory failed", e);
    }
  }
}
