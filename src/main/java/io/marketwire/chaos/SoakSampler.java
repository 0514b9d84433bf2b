package io.marketwire.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the app looks like while chaos runs, every period: the heap after the last collection (from
 * its GC log), its resident memory (from /proc), the market-data consumers' lag (from
 * /observe/metrics) and the p99 of the orders' publish-to-shipped latency in the period.
 */
final class SoakSampler implements AutoCloseable {

  /** One sample; NaN or -1 where nothing could be read (the app restarting). */
  record Sample(long atSeconds, int appStart, double heapAfterGcMb, double rssMb, long lag, long p99Millis, int orders) {}

  private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern LAG = Pattern.compile("^marketwire_stream_consumer_lag\\{[^}]*} ([0-9.Ee+-]+)$", Pattern.MULTILINE);

  private final AppProcess app;
  private final OrdersLedger orders;
  private final long startNanos;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "chaos-sampler");
    t.setDaemon(true);
    return t;
  });

  private final java.util.function.Supplier<String> token;

  /**
   * @param token a fresh bearer token for each scrape of the app's /observe/metrics, which takes
   *     none without one
   */
  SoakSampler(AppProcess app, OrdersLedger orders, long startNanos, java.util.function.Supplier<String> token) {
    this.token = token;
    this.app = app;
    this.orders = orders;
    this.startNanos = startNanos;
  }

  void start(Duration period) {
    timer.scheduleAtFixedRate(this::sample, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      List<Long> latencies = new ArrayList<>(orders.takeLatencies());
      latencies.sort(null);
      long p99 = latencies.isEmpty() ? -1 : latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1));
      Sample s =
          new Sample(
              (System.nanoTime() - startNanos) / 1_000_000_000L,
              app.starts(),
              heapAfterGc(app.currentGcLog()),
              rssMb(app.pid()),
              lag(),
              p99,
              latencies.size());
      synchronized (samples) {
        samples.add(s);
      }
    } catch (RuntimeException e) {
      // a sample missed is no reason to stop sampling
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The heap after the last collection in the GC log, in MB (NaN before the first one). */
  static double heapAfterGc(Path gcLog) {
    try {
      if (!Files.exists(gcLog)) {
        return Double.NaN;
      }
      Matcher m = GC_PAUSE.matcher(Files.readString(gcLog));
      double after = Double.NaN;
      while (m.find()) {
        after = Double.parseDouble(m.group(2));
      }
      return after;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone (killed) or this is no Linux
    }
    return Double.NaN;
  }

  private long lag() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/observe/metrics"))
              .header("Authorization", "Bearer " + token.get())
              .timeout(Duration.ofSeconds(3))
              .build();
      String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = LAG.matcher(text);
      long total = 0;
      boolean any = false;
      while (m.find()) {
        total += (long) Double.parseDouble(m.group(1));
        any = true;
      }
      return any ? total : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The samples as CSV. */
  void writeCsv(Path file) throws IOException {
    StringBuilder csv = new StringBuilder("seconds,app_start,heap_after_gc_mb,rss_mb,consumer_lag,order_p99_ms,orders\n");
    for (Sample s : samples()) {
      csv.append(String.format(Locale.ROOT, "%d,%d,%.1f,%.1f,%d,%d,%d%n", s.atSeconds(), s.appStart(), s.heapAfterGcMb(), s.rssMb(), s.lag(), s.p99Millis(), s.orders()));
    }
    Files.writeString(file, csv);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
