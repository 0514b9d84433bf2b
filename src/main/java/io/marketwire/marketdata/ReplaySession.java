package io.marketwire.marketdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.marketwire.analytics.ReplaySummary;
import io.marketwire.flow.FlowCompletion;
import io.marketwire.source.TimeWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * One replay of the market-data stream as the replay route runs it (routes/market-data/replay):
 * each tick read goes through {@link ReplayFold}; at the end of the bounded read, or when the
 * time limit is past, the summary table is printed, the summary written as JSON and the flow
 * completes, with exit code 2 when it ran out of time (seed 000's timeout_seconds).
 *
 * <p>On a super stream the route calls it from each partition's dispatching thread, hence the
 * locking; the end comes once every partition is through. Each symbol lives in one partition, so
 * its ticks arrive in the order the plain stream holds them: the summary (per symbol, and counts)
 * and the export (a file per symbol) do not depend on how the partitions interleave.
 */
public final class ReplaySession {

  private String from = "";
  private String to = "";
  private String symbols = "";
  private String json = "target/replay-summary.json";
  private String export = "";
  private String exportFormat = "jsonl";
  private long timeoutSeconds;

  private ReplaySummary summary;
  private ReplayFold fold;
  private TickExport ticks;
  private long deadline;
  private boolean ended;

  /** A tick read from the stream (the body as bytes). */
  public synchronized void tick(byte[] body, Exchange exchange) {
    if (ended) {
      return;
    }
    open().accept(body);
    if (timeoutSeconds > 0 && System.nanoTime() - deadline > 0) {
      summary.timedOut();
      end(exchange);
    }
  }

  /** The end of the bounded read: summary out, flow complete. */
  public synchronized void end(Exchange exchange) {
    if (ended) {
      return;
    }
    ended = true;
    open();
    summary.finish();
    try {
      if (ticks != null) {
        ticks.close();
      }
      System.out.print(summary.toTable());
      Path out = Path.of(json);
      Files.createDirectories(out.toAbsolutePath().getParent());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), summary.toMap());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("summary written to " + json + (export.isBlank() ? "" : ", ticks per symbol in " + export));
    FlowCompletion.complete(exchange.getContext(), "replay", summary.isTimedOut() ? 2 : 0);
  }

  private ReplayFold open() {
    if (fold == null) {
      summary = new ReplaySummary();
      summary.restartClock();
      deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
      try {
        ticks = export.isBlank() ? null : new TickExport(Path.of(export), TickExport.Format.parse(exportFormat));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      TimeWindow window = window();
      fold =
          new ReplayFold(
              window == null ? null : start(window),
              window == null ? null : end(window),
              symbolSet(),
              ticks == null ? tick -> {} : ticks,
              summary);
    }
    return fold;
  }

  private TimeWindow window() {
    return from.isBlank() && to.isBlank() ? null : TimeWindow.parse(blankToNull(from), blankToNull(to));
  }

  private Set<String> symbolSet() {
    return symbols.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(symbols.trim().split("\\s*,\\s*")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Instant start(TimeWindow window) {
    return window.fromEpochMillis() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(window.fromEpochMillis());
  }

  private static Instant end(TimeWindow window) {
    return window.toEpochMillis() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(window.toEpochMillis());
  }

  public void setFrom(String from) {
    this.from = from == null ? "" : from;
  }

  public void setTo(String to) {
    this.to = to == null ? "" : to;
  }

  public void setSymbols(String symbols) {
    this.symbols = symbols == null ? "" : symbols;
  }

  public void setJson(String json) {
    this.json = json;
  }

  public void setExport(String export) {
    this.export = export == null ? "" : export;
  }

  public void setExportFormat(String exportFormat) {
    this.exportFormat = exportFormat;
  }

  public void setTimeoutSeconds(long timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
