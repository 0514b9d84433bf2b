package io.marketwire.model;

import java.nio.charset.StandardCharsets;

/**
 * The one entry point routes use to read and write {@link MarketData}: {@link #decode(byte[])}
 * accepts both the JSON and the binary format and tells them apart by the first byte, so a
 * consumer keeps working while producers move from one format to the other.
 *
 * <p>A JSON document starts with {@code {}, {@code [}, whitespace or a UTF-8 byte order mark; anything else
 * is read as binary, whose first byte is a format version ({@link MarketDataBinaryCodec}), so
 * garbage is reported as an unknown version rather than misread. Decoded values are validated
 * (unless the codec was built without a validator), so a route gets either a good value or a
 * {@link MarketDataException} naming the field.
 *
 * <p>Made to be a Camel bean: public, non-overloaded methods over {@code byte[]}, {@code String}
 * and {@code MarketData}, e.g. {@code bean: {ref: marketDataCodec, method: decode}}. Immutable and
 * thread-safe, so one instance serves every route.
 */
public final class MarketDataCodec {

  private final MarketDataJsonCodec json = new MarketDataJsonCodec();
  private final MarketDataBinaryCodec binary = new MarketDataBinaryCodec();
  private final MarketDataValidator validator;

  /** A codec that validates with the default rules. */
  public MarketDataCodec() {
    this(MarketDataValidator.DEFAULT);
  }

  /**
   * @param validator the rules decoded values must meet, or {@code null} to skip validation (for
   *     replaying old data whose quirks should pass through as they are)
   */
  public MarketDataCodec(MarketDataValidator validator) {
    this.validator = validator;
  }

  /**
   * A tick in the wire format a stream is configured for ({@code marketwire.market-data.format}):
   * {@code binary} (compact, the default) or {@code json} (seed 000's field names).
   */
  public byte[] encode(MarketData data, String format) {
    return switch (WireFormat.parse(format)) {
      case BINARY -> binary.encode(data);
      case JSON -> json.encode(data);
    };
  }

  /**
   * A tick as the unified stream carries it: with the venue it came from in the body (a tick may
   * arrive without one: seed 001's feeds send none) and, in JSON, when it was received, as seed
   * 001's multi-exchange aggregator does. The binary format has no field for the receipt time; it
   * stays in the {@code received_at} header there.
   */
  public byte[] encodeUnified(MarketData data, String exchange, String format) {
    MarketData venue = data.withExchange(exchange);
    return switch (WireFormat.parse(format)) {
      case BINARY -> binary.encode(venue);
      case JSON -> json.encodeReceived(venue, java.time.Instant.now());
    };
  }

  /** Whether {@code message} is JSON by its first byte; {@code false} means binary (or garbage). */
  public static boolean isJson(byte[] message) {
    if (message.length == 0) {
      return false;
    }
    int first = message[0] & 0xFF;
    return first == '{'
        || first == '['
        || first == ' '
        || first == '\t'
        || first == '\n'
        || first == '\r'
        || first == 0xEF; // UTF-8 byte order mark
  }

  /**
   * Reads a message in either format and validates it.
   *
   * @throws MarketDataFormatException when the message is empty, unreadable, truncated or of an
   *     unknown binary version
   * @throws MarketDataException when the message reads but breaks a validation rule
   */
  public MarketData decode(byte[] message) {
    if (message == null || message.length == 0) {
      throw new MarketDataFormatException("empty MarketData message");
    }
    MarketData data;
    if (isJson(message)) {
      int start = (message[0] & 0xFF) == 0xEF && message.length >= 3 ? 3 : 0;
      data = json.decode(message, start, message.length - start);
    } else {
      data = binary.decode(message);
    }
    return validator == null ? data : validator.validate(data);
  }

  /** Reads JSON text and validates it. */
  public MarketData decodeText(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /** UTF-8 JSON bytes with the seed's field names. */
  public byte[] encodeJson(MarketData data) {
    return json.encode(data);
  }

  /** JSON text with the seed's field names. */
  public String encodeJsonString(MarketData data) {
    return json.encodeToString(data);
  }

  /** The compact binary message. */
  public byte[] encodeBinary(MarketData data) {
    return binary.encode(data);
  }

  /** Reads a message in either format, validates it and writes it as JSON. */
  public byte[] toJson(byte[] message) {
    return encodeJson(decode(message));
  }

  /** Reads a message in either format, validates it and writes it as binary. */
  public byte[] toBinary(byte[] message) {
    return encodeBinary(decode(message));
  }
}
