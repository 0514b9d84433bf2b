package io.marketwire.backtest;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A strategy's parameters: its defaults from {@code marketwire.backtest.strategy.NAME.*} with the
 * command's {@code --param} values on top. Sorted by key, so {@link #toString()} names a variant
 * the same way every time (the report's byte-for-byte determinism depends on it).
 */
public final class StrategyParams {

  private final SortedMap<String, String> values;

  public StrategyParams(Map<String, String> values) {
    this.values = new TreeMap<>(values);
  }

  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableSortedMap(values);
  }

  public String get(String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing strategy parameter '" + key + "' (have " + values.keySet() + ")");
    }
    return value.trim();
  }

  public int getInt(String key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strategy parameter '" + key + "' must be a whole number, was '" + get(key) + "'");
    }
  }

  public double getDouble(String key) {
    try {
      return Double.parseDouble(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strategy parameter '" + key + "' must be a number, was '" + get(key) + "'");
    }
  }

  /** {@code fast=5,slow=20}: the variant's name in tables and reports. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    values.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return s.toString();
  }
}
