package io.marketwire.quotes;

import io.marketwire.analytics.Indicators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SMA and EMA over configurable windows and RSI (Wilder) per symbol, updated quote by quote. The
 * latest values of each symbol are kept for the API and the log; values not ready yet (too few
 * quotes) are left out.
 */
public final class TechnicalAnalysis {

  private final List<Integer> smaWindows;
  private final List<Integer> emaWindows;
  private final int rsiPeriod;
  private final Map<String, SymbolIndicators> bySymbol = new ConcurrentHashMap<>();

  public TechnicalAnalysis(List<Integer> smaWindows, List<Integer> emaWindows, int rsiPeriod) {
    this.smaWindows = List.copyOf(smaWindows);
    this.emaWindows = List.copyOf(emaWindows);
    this.rsiPeriod = rsiPeriod;
    new SymbolIndicators(); // fails now, at start, on a bad window
  }

  /** The indicator snapshot after this quote: symbol, time, price, count and ready values. */
  public Map<String, Object> update(Quote quote) {
    SymbolIndicators s = bySymbol.computeIfAbsent(quote.symbol(), k -> new SymbolIndicators());
    synchronized (s) {
      s.count++;
      for (Indicators.Indicator i : s.all) {
        i.update(quote.price());
      }
      Map<String, Object> snapshot = new LinkedHashMap<>();
      snapshot.put("symbol", quote.symbol());
      snapshot.put("timestamp", quote.timestampMillis());
      snapshot.put("price", quote.price());
      snapshot.put("quotes", s.count);
      for (int i = 0; i < s.all.size(); i++) {
        if (s.all.get(i).ready()) {
          snapshot.put(s.names.get(i), s.all.get(i).value());
        }
      }
      s.latest = snapshot;
      return snapshot;
    }
  }

  /** The latest snapshot of a symbol, or null. */
  public Map<String, Object> latest(String symbol) {
    SymbolIndicators s = bySymbol.get(symbol);
    if (s == null) {
      return null;
    }
    synchronized (s) {
      return s.latest;
    }
  }

  private final class SymbolIndicators {
    final List<Indicators.Indicator> all = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    long count;
    Map<String, Object> latest;

    SymbolIndicators() {
      for (int w : smaWindows) {
        all.add(new Indicators.Sma(w));
        names.add("sma" + w);
      }
      for (int w : emaWindows) {
        all.add(new Indicators.Ema(w));
        names.add("ema" + w);
      }
      all.add(new Indicators.WilderRsi(rsiPeriod));
      names.add("rsi" + rsiPeriod);
    }
  }
}
