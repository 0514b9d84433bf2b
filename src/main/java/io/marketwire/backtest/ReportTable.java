package io.marketwire.backtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one readable table: a row per variant (its total) and, under it, a row per
 * symbol. A sweep's variants are rows of the same table, so they compare at a glance.
 */
final class ReportTable {

  private static final String ROW = "%-52s %-6s %9s %6s %6s %14s %9s %8s %7s %6s %8s %6s%n";

  private ReportTable() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "backtest %s: %s %s..%s, %s ticks (%s), capital %s, fee %s bps + %s/order, slippage %s bps%n",
        report.get("id"), report.get("symbols"), report.get("from"), report.get("to"), report.get("ticks"), report.get("producer"),
        costs(report, "initialCapital"), costs(report, "feeBps"), costs(report, "feePerOrder"), costs(report, "slippageBps")));
    out.append(String.format(Locale.ROOT, ROW, "variant", "symbol", "ticks", "fills", "trips", "P&L", "return", "max DD", "Sharpe", "hit", "exposure", "errors"));
    for (Object o : (List<Object>) report.get("runs")) {
      Map<String, Object> run = (Map<String, Object>) o;
      row(out, (String) run.get("variant"), "TOTAL", (Map<String, Object>) run.get("total"));
      ((Map<String, Object>) run.get("symbols")).forEach((symbol, f) -> row(out, "", symbol, (Map<String, Object>) f));
    }
    return out.toString();
  }

  private static Object costs(Map<String, Object> report, String key) {
    return ((Map<?, ?>) report.get("costs")).get(key);
  }

  private static void row(StringBuilder out, String variant, String symbol, Map<String, Object> f) {
    out.append(String.format(Locale.ROOT, ROW, variant, symbol, f.get("ticks"), f.get("fills"), f.get("roundTrips"),
        String.format(Locale.ROOT, "%,.2f", num(f, "pnl")),
        pct(num(f, "return")), pct(num(f, "maxDrawdown")),
        String.format(Locale.ROOT, "%.2f", num(f, "sharpe")),
        String.format(Locale.ROOT, "%.0f%%", 100 * num(f, "hitRate")),
        String.format(Locale.ROOT, "%.1f%%", 100 * num(f, "exposure")), f.get("errors")));
  }

  private static double num(Map<String, Object> f, String key) {
    return ((Number) f.get(key)).doubleValue();
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.3f%%", 100 * v);
  }
}
