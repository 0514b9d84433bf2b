package io.marketwire.backtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The equity curves of a report as one self-contained HTML page: an inline SVG with a line per
 * variant, no script and nothing fetched (it opens from disk, in a mail, or behind a proxy). Also
 * what the dashboard's backtests page draws, from the same points.
 */
public final class EquityChart {

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  private static final int W = 900;
  private static final int H = 360;
  private static final int PAD = 60;

  private EquityChart() {}

  @SuppressWarnings("unchecked")
  public static String html(Map<String, Object> report) {
    List<Object> runs = (List<Object>) report.get("runs");
    double minT = Double.MAX_VALUE, maxT = -Double.MAX_VALUE, minE = Double.MAX_VALUE, maxE = -Double.MAX_VALUE;
    for (Object r : runs) {
      for (Object p : (List<Object>) ((Map<String, Object>) r).get("equity")) {
        List<Number> point = (List<Number>) p;
        minT = Math.min(minT, point.get(0).doubleValue());
        maxT = Math.max(maxT, point.get(0).doubleValue());
        minE = Math.min(minE, point.get(1).doubleValue());
        maxE = Math.max(maxE, point.get(1).doubleValue());
      }
    }
    if (maxE <= minE) {
      maxE = minE + 1;
    }
    if (maxT <= minT) {
      maxT = minT + 1;
    }
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", W, H, W, H));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", PAD, W - PAD - 10, H - PAD - 10));
    svg.append(label(PAD - 4, 20, "end", money(maxE))).append(label(PAD - 4, H - PAD, "end", money(minE)));
    svg.append(label(PAD, H - PAD + 18, "start", day(minT))).append(label(W - 10, H - PAD + 18, "end", day(maxT)));
    StringBuilder legend = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      Map<String, Object> run = (Map<String, Object>) runs.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (Object p : (List<Object>) run.get("equity")) {
        List<Number> point = (List<Number>) p;
        double x = PAD + (point.get(0).doubleValue() - minT) / (maxT - minT) * (W - PAD - 10);
        double y = 10 + (maxE - point.get(1).doubleValue()) / (maxE - minE) * (H - PAD - 10);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour, points.toString().trim()));
      legend.append(String.format(Locale.ROOT, "<li><span style=\"color:%s\">&#9632;</span> %s: P&amp;L %s</li>%n",
          colour, escape((String) run.get("variant")), money(((Number) ((Map<String, Object>) run.get("total")).get("pnl")).doubleValue())));
    }
    svg.append("</svg>\n");
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Backtest " + escape(String.valueOf(report.get("id")))
        + "</title></head>\n<body style=\"font-family:sans-serif\">\n<h1>Backtest " + escape(String.valueOf(report.get("id"))) + "</h1>\n<p>"
        + escape(report.get("symbols") + " " + report.get("from") + " to " + report.get("to") + ", " + report.get("ticks") + " ticks; equity (USD)")
        + "</p>\n" + svg + "<ul style=\"list-style:none\">\n" + legend + "</ul>\n<pre>" + escape(ReportTable.render(report)) + "</pre>\n</body></html>\n";
  }

  private static String label(int x, int y, String anchor, String text) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escape(text));
  }

  private static String money(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String day(double millis) {
    return java.time.Instant.ofEpochMilli((long) millis).toString().substring(0, 10);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
