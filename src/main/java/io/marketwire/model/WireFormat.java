package io.marketwire.model;

import java.util.Locale;

/** How ticks are written to a stream: the compact binary form, or seed 000's JSON. */
public enum WireFormat {
  BINARY,
  JSON;

  /** {@code binary} or {@code json}, as configured; anything else is a configuration error. */
  public static WireFormat parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "binary" -> BINARY;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("wire format must be binary or json, was '" + text + "'");
    };
  }
}
