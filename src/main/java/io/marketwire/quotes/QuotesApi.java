package io.marketwire.quotes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's answers, from the quote history. Each method returns what becomes the JSON body
 * or throws {@link ApiException} with the status; {@link #error} turns any failure into a JSON
 * error body and status.
 */
public final class QuotesApi {

  private static final Logger LOG = LoggerFactory.getLogger(QuotesApi.class);
  static final int MAX_LIMIT = 10_000;

  private final QuoteStore store;

  public QuotesApi(QuoteStore store) {
    this.store = store;
  }

  /** {@code GET /api/stocks/{symbol}}: the latest quote; 400 malformed symbol, 404 unknown. */
  public Map<String, Object> latest(@Header("symbol") String symbol) {
    String s = symbol(symbol);
    Quote q = store.latest(s);
    if (q == null) {
      throw new ApiException(404, "unknown symbol " + s);
    }
    return quoteJson(q);
  }

  /** {@code GET /api/stocks/{symbol}/history?from=&to=&limit=}: quotes with from <= time < to. */
  public Map<String, Object> history(
      @Header("symbol") String symbol,
      @Header("from") String from,
      @Header("to") String to,
      @Header("limit") String limit) {
    String s = symbol(symbol);
    long fromMillis = from == null || from.isBlank() ? 0 : time("from", from);
    long toMillis = to == null || to.isBlank() ? Long.MAX_VALUE : time("to", to);
    if (fromMillis > toMillis) {
      throw new ApiException(400, "from (" + from + ") is after to (" + to + ")");
    }
    int max = limit(limit, 1000);
    if (store.latest(s) == null) {
      throw new ApiException(404, "unknown symbol " + s);
    }
    List<Quote> quotes = store.history(s, fromMillis, toMillis, max);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("symbol", s);
    out.put("from", Instant.ofEpochMilli(fromMillis).toString());
    out.put("to", toMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(toMillis).toString());
    out.put("count", quotes.size());
    out.put("quotes", quotes.stream().map(QuotesApi::quoteJson).toList());
    return out;
  }

  /** {@code GET /api/alerts?symbol=&kind=&limit=}: newest first. */
  public Map<String, Object> alerts(
      @Header("symbol") String symbol, @Header("kind") String kind, @Header("limit") String limit) {
    String s = symbol == null || symbol.isBlank() ? null : symbol(symbol);
    String k = null;
    if (kind != null && !kind.isBlank()) {
      try {
        k = Alert.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)).name();
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "kind must be one of " + java.util.Arrays.toString(Alert.Kind.values()) + ", was " + clip(kind));
      }
    }
    List<Alert> alerts = store.alerts(s, k, limit(limit, 100));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", alerts.size());
    out.put("alerts", alerts.stream().map(QuotesApi::alertJson).toList());
    return out;
  }

  /** The JSON error for the exception the exchange failed with; sets the HTTP status. */
  public Map<String, Object> error(Exchange exchange) {
    Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    int status;
    String message;
    if (e instanceof ApiException api) {
      status = api.status();
      message = api.getMessage();
    } else if (e instanceof io.marketwire.web.ForbiddenException) {
      status = 403;
      message = e.getMessage();
    } else if (e instanceof io.marketwire.web.AuthenticationException) {
      status = 401;
      message = e.getMessage();
    } else {
      status = 500;
      message = "internal error";
      LOG.error("{} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
          exchange.getMessage().getHeader(Exchange.HTTP_PATH), e);
    }
    exchange.getMessage().removeHeaders("*");
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", status);
    out.put("error", message);
    return out;
  }

  static String symbol(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new ApiException(400, "symbol is missing");
    }
    String s = raw.trim().toUpperCase(Locale.ROOT);
    if (!QuoteFields.SYMBOL.matcher(s).matches()) {
      throw new ApiException(400, "malformed symbol '" + clip(raw) + "': a letter, then up to 9 letters, digits, '.' or '-'");
    }
    return s;
  }

  /** An ISO-8601 instant ({@code 2024-03-01T14:30:00Z}), a date (its start, UTC) or epoch seconds. */
  static long time(String name, String raw) {
    String v = raw.trim();
    try {
      if (v.matches("\\d{1,12}")) {
        return Long.parseLong(v) * 1000;
      }
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ApiException(400, name + " must be an ISO-8601 instant (2024-03-01T14:30:00Z), a date (2024-03-01) or epoch seconds, was '" + clip(raw) + "'");
    }
  }

  static int limit(String raw, int dflt) {
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new ApiException(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + clip(raw) + "'");
  }

  /** A quote as the API and the WebSocket show it: the stream's field names. */
  public static Map<String, Object> quoteJson(Quote q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", q.id());
    m.put("symbol", q.symbol());
    m.put("price", q.price());
    m.put("change", q.change());
    m.put("change_percent", q.changePercent());
    m.put("volume", q.volume());
    m.put("timestamp", q.timestampMillis() / 1000);
    m.put("datetime", Instant.ofEpochMilli(q.timestampMillis()).toString());
    return m;
  }

  /** An alert as the API, the alerts stream and the WebSocket show it. */
  public static Map<String, Object> alertJson(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind().name());
    m.put("symbol", a.symbol());
    m.put("price", a.price());
    m.put("reference", a.reference());
    m.put("value", a.value());
    m.put("threshold", a.threshold());
    m.put("timestamp", a.timestampMillis() / 1000);
    m.put("datetime", Instant.ofEpochMilli(a.timestampMillis()).toString());
    m.put("source_id", a.sourceId());
    m.put("message", a.message());
    return m;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
