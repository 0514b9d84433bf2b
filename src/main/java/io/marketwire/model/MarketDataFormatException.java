package io.marketwire.model;

/**
 * A message that could not be decoded at all: not JSON, truncated, an unknown binary version, a
 * field of the wrong type. Kept apart from plain validation failures because it usually points at a
 * producer speaking another format, not at one bad quote.
 */
public class MarketDataFormatException extends MarketDataException {

  private static final long serialVersionUID = 1L;

  public MarketDataFormatException(String reason) {
    super(null, null, reason, null);
  }

  public MarketDataFormatException(String reason, Throwable cause) {
    super(null, null, reason, cause);
  }

  public MarketDataFormatException(String field, Object value, String reason) {
    super(field, value, reason, null);
  }

  public MarketDataFormatException(String field, Object value, String reason, Throwable cause) {
    super(field, value, reason, cause);
  }
}
