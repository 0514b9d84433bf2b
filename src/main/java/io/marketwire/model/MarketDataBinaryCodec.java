package io.marketwire.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@link MarketData} as a compact, fixed-layout binary message for streams, where JSON's size and
 * parsing cost matter: about 80 bytes instead of about 250, and no text parsing.
 *
 * <p>Layout of version {@code 0x01}, big-endian:
 *
 * <pre>
 *  u8   version (0x01)
 *  u8   symbol length n, then n bytes of UTF-8 symbol
 *  f64  bid price     i64 bid size
 *  f64  ask price     i64 ask size
 *  f64  last price    i64 last size
 *  i64  volume        i64 timestamp (epoch nanoseconds)   i64 sequence number
 *  u8   exchange length m, then m bytes of UTF-8 exchange
 * </pre>
 *
 * <p>The version byte comes first so that the layout can change later, and it is never a byte a
 * JSON document can start with ({@code {}, {@code [}, whitespace), so {@link MarketDataCodec} can
 * tell the two formats apart from one byte. A message of another version, a truncated message
 * and a message with bytes left over are all rejected: a misread quote is worse than a dropped
 * one. Instances are stateless and thread-safe.
 */
public final class MarketDataBinaryCodec {

  /** The version this codec writes and the only one it reads. */
  public static final byte VERSION_1 = 0x01;

  private static final int FIXED_BYTES = 1 + 1 + 9 * Long.BYTES + 1;
  private static final int MAX_TEXT_BYTES = 255;

  /** The binary message for {@code data}. */
  public byte[] encode(MarketData data) {
    byte[] symbol = text("symbol", data.symbol());
    byte[] exchange = text("exchange", data.exchange());
    ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + symbol.length + exchange.length);
    out.put(VERSION_1);
    out.put((byte) symbol.length).put(symbol);
    out.putDouble(data.bidPrice()).putLong(data.bidSize());
    out.putDouble(data.askPrice()).putLong(data.askSize());
    out.putDouble(data.lastPrice()).putLong(data.lastSize());
    out.putLong(data.volume()).putLong(data.timestampNanos()).putLong(data.sequenceNumber());
    out.put((byte) exchange.length).put(exchange);
    return out.array();
  }

  private static byte[] text(String field, String value) {
    if (value == null) {
      throw new MarketDataException(field, null, "required for the binary format");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_TEXT_BYTES) {
      throw new MarketDataException(
          field,
          value,
          "longer than " + MAX_TEXT_BYTES + " UTF-8 bytes, the binary format's limit");
    }
    return bytes;
  }

  /** Reads a whole binary message. */
  public MarketData decode(byte[] message) {
    return decode(message, 0, message.length);
  }

  /** Reads a binary message of exactly {@code length} bytes at {@code offset}. */
  public MarketData decode(byte[] message, int offset, int length) {
    if (length == 0) {
      throw new MarketDataFormatException("empty binary MarketData message");
    }
    int version = message[offset] & 0xFF;
    if (version != VERSION_1) {
      throw new MarketDataFormatException(
          "version",
          String.format("0x%02X", version),
          "unknown binary MarketData format version (this reader knows 0x01)");
    }
    ByteBuffer in = ByteBuffer.wrap(message, offset + 1, length - 1);
    try {
      String symbol = readText(in);
      double bidPrice = in.getDouble();
      long bidSize = in.getLong();
      double askPrice = in.getDouble();
      long askSize = in.getLong();
      double lastPrice = in.getDouble();
      long lastSize = in.getLong();
      long volume = in.getLong();
      long timestamp = in.getLong();
      long sequence = in.getLong();
      String exchange = readText(in);
      if (in.hasRemaining()) {
        throw new MarketDataFormatException(
            "binary MarketData message of "
                + length
                + " bytes has "
                + in.remaining()
                + " unexpected bytes at its end");
      }
      return new MarketData(
          symbol, bidPrice, bidSize, askPrice, askSize, lastPrice, lastSize, volume, timestamp,
          exchange, sequence);
    } catch (BufferUnderflowException e) {
      throw new MarketDataFormatException(
          "truncated binary MarketData message: "
              + length
              + " bytes end at byte "
              + (in.position() - offset)
              + " before the message is complete",
          e);
    }
  }

  private static String readText(ByteBuffer in) {
    int length = in.get() & 0xFF;
    if (in.remaining() < length) {
      throw new BufferUnderflowException();
    }
    String text =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
