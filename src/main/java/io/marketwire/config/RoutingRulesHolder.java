package io.marketwire.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing rules in force, re-read when {@code config/routing.properties} changes. Routes call
 * it by name ({@code ${bean:routingRules?method=streamFor(${header.symbol})}}), so an edit takes
 * effect on the next message without a restart. An invalid file is logged, key by key, and the
 * previous rules stay in force until a valid file is saved.
 */
public final class RoutingRulesHolder extends ServiceSupport {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingRulesHolder.class);

  private final Path file;
  private final Duration interval;
  private final String defaultStream;
  private final AtomicReference<RoutingRules> current;
  private volatile long loadedModified = Long.MIN_VALUE;
  private ScheduledExecutorService scheduler;

  public RoutingRulesHolder(Path file, Duration interval) {
    this(file, interval, RoutingRules.DEFAULTS.streamFor(""));
  }

  /**
   * @param defaultStream the stream for symbols the file does not route elsewhere, from the app's
   *     configuration, used unless the file sets {@code stream.default}
   */
  public RoutingRulesHolder(Path file, Duration interval, String defaultStream) {
    this.file = file;
    this.interval = interval;
    this.defaultStream = defaultStream;
    this.current = new AtomicReference<>(RoutingRules.DEFAULTS.withDefaultStream(defaultStream));
    reload();
  }

  public RoutingRules current() {
    return current.get();
  }

  public String streamFor(String symbol) {
    return current().streamFor(symbol);
  }

  public double alertThresholdPercent(String symbol) {
    return current().alertThresholdPercent(symbol);
  }

  /**
   * Reads the file if it changed since the last read.
   *
   * @return true when new rules were put in force
   */
  public synchronized boolean reload() {
    long modified;
    try {
      modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : -1;
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}; keeping {}", file, e.getMessage(), current());
      return false;
    }
    if (modified == loadedModified) {
      return false;
    }
    loadedModified = modified;
    if (modified < 0) {
      return false;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      RoutingRules rules = RoutingRules.parse(properties, defaultStream);
      current.set(rules);
      LOG.info("Routing rules from {} in force: {}", file, rules);
      return true;
    } catch (RoutingRules.InvalidRoutingRulesException e) {
      for (String problem : e.problems()) {
        LOG.error("Rejected {}: {}", file, problem);
      }
      LOG.error("Rejected {}: the previous routing rules stay in force: {}", file, current());
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("Rejected {}: {}; the previous routing rules stay in force", file, e.getMessage());
    }
    return false;
  }

  @Override
  protected void doStart() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "marketwire-routing-rules");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::reload, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
