package io.marketwire.web;

import java.util.Locale;

/** What a signed-in user may do: a viewer reads data, an operator also controls the system. */
public enum Role {
  VIEWER,
  OPERATOR;

  /** Whether this role includes everything {@code required} may do. */
  public boolean includes(Role required) {
    return ordinal() >= required.ordinal();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role \"" + text + "\" (viewer or operator)", e);
    }
  }
}
