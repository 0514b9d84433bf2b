package io.marketwire.marketdata;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each stream consumer has done: messages, last offset, a rate over the last interval and
 * the symbols it saw most. Consumer routes record into it; the dashboard reads {@link #snapshot}.
 */
public final class ConsumerActivity {

  private static final class Counters {
    final LongAdder count = new LongAdder();
    volatile long lastOffset = -1;
    final Map<String, LongAdder> symbols = new ConcurrentHashMap<>();
    long rateBaseCount;
    long rateBaseNanos = System.nanoTime();
    double rate;
  }

  private final Map<String, Counters> consumers = new ConcurrentHashMap<>();

  public void record(String consumer, String symbol, Long offset) {
    Counters c = consumers.computeIfAbsent(consumer, k -> new Counters());
    c.count.increment();
    if (offset != null) {
      c.lastOffset = offset;
    }
    if (symbol != null) {
      c.symbols.computeIfAbsent(symbol, k -> new LongAdder()).increment();
    }
  }

  /** A batch read by a batching consumer route: each tick with its offset, in order. */
  public void record(String consumer, TickBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      long offset = batch.offset(i);
      record(consumer, batch.tick(i).symbol(), offset == TickBatch.NO_OFFSET ? null : offset);
    }
  }

  public long count(String consumer) {
    Counters c = consumers.get(consumer);
    return c == null ? 0 : c.count.sum();
  }

  /** Per consumer: count, rate (msg/s since the previous snapshot), last offset, top 3 symbols. */
  public synchronized Map<String, Map<String, Object>> snapshot() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    long now = System.nanoTime();
    consumers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Counters c = e.getValue();
              long count = c.count.sum();
              double seconds = (now - c.rateBaseNanos) / 1e9;
              if (seconds >= 0.5) {
                c.rate = (count - c.rateBaseCount) / seconds;
                c.rateBaseCount = count;
                c.rateBaseNanos = now;
              }
              List<String> top =
                  c.symbols.entrySet().stream()
                      .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> s) -> s.getValue().sum()).reversed())
                      .limit(3)
                      .map(Map.Entry::getKey)
                      .toList();
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("count", count);
              row.put("rate", Math.round(c.rate));
              row.put("last_offset", c.lastOffset);
              row.put("top_symbols", top);
              out.put(e.getKey(), row);
            });
    return out;
  }
}
