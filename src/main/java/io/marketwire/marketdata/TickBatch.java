package io.marketwire.marketdata;

import io.marketwire.model.MarketData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ticks of one VWAP batch with the stream offset of each, in arrival order: the body the
 * aggregator builds, instead of keeping a whole Camel exchange per tick. Serializable so that a
 * persistent aggregation repository (Redis) can hold a batch that is still filling.
 */
public final class TickBatch implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Offset recorded for a tick that arrived without one (not read from a stream). */
  public static final long NO_OFFSET = -1L;

  private final ArrayList<MarketData> ticks;
  private long[] offsets;

  public TickBatch(int expectedSize) {
    ticks = new ArrayList<>(expectedSize);
    offsets = new long[Math.max(1, expectedSize)];
  }

  public void add(MarketData tick, long offset) {
    int i = ticks.size();
    if (i == offsets.length) {
      offsets = Arrays.copyOf(offsets, i * 2);
    }
    ticks.add(tick);
    offsets[i] = offset;
  }

  public int size() {
    return ticks.size();
  }

  public MarketData tick(int i) {
    return ticks.get(i);
  }

  public long offset(int i) {
    if (i < 0 || i >= ticks.size()) {
      throw new IndexOutOfBoundsException(i);
    }
    return offsets[i];
  }

  public List<MarketData> ticks() {
    return Collections.unmodifiableList(ticks);
  }

  /**
   * The ticks of the listed symbols (comma-separated), with their offsets, in the same order; this
   * batch itself when the list is blank.
   */
  public TickBatch withSymbols(String symbols) {
    if (symbols == null || symbols.isBlank()) {
      return this;
    }
    Set<String> wanted = new HashSet<>(Arrays.asList(symbols.trim().split("\\s*,\\s*")));
    TickBatch kept = new TickBatch(ticks.size());
    for (int i = 0; i < ticks.size(); i++) {
      if (wanted.contains(ticks.get(i).symbol())) {
        kept.add(ticks.get(i), offsets[i]);
      }
    }
    return kept;
  }

  @Override
  public String toString() {
    return "TickBatch[" + ticks.size() + " ticks]";
  }
}
