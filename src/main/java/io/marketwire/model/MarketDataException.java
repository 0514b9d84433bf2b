package io.marketwire.model;

/**
 * A market data value or message that cannot be accepted.
 *
 * <p>It extends {@link IllegalArgumentException} because the cause is always the input, never the
 * system: a route can dead-letter such a message without retrying it. The offending field and value
 * are kept apart from the text so that metrics and dead-letter headers can use them.
 */
public class MarketDataException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final transient Object value;

  /**
   * @param field the field that is wrong, {@code null} when the message as a whole is wrong
   * @param value the rejected value, may be {@code null}
   * @param reason what is wrong, in words
   */
  public MarketDataException(String field, Object value, String reason) {
    this(field, value, reason, null);
  }

  public MarketDataException(String field, Object value, String reason, Throwable cause) {
    super(describe(field, value, reason), cause);
    this.field = field;
    this.value = value;
  }

  private static String describe(String field, Object value, String reason) {
    if (field == null) {
      return reason;
    }
    return field + "=" + render(value) + ": " + reason;
  }

  private static String render(Object value) {
    return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
  }

  /** The field that is wrong, or {@code null} when the message as a whole is unreadable. */
  public String field() {
    return field;
  }

  /** The rejected value, or {@code null}. */
  public Object value() {
    return value;
  }
}
