package io.marketwire.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one JSON snapshot of everything the dashboard shows: a header ({@code type}, {@code seq},
 * {@code time}) and one section per {@link DashboardPanel} bound in the Camel registry, each the
 * flow family's own. Called by the feed route once per period, on one thread.
 *
 * <p>A panel whose source fails carries {@code <name>Error} instead of its data; the others still
 * go out. Failures are logged at most once a minute per panel.
 */
public final class DashboardSnapshot {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardSnapshot.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WARN_EVERY_MS = 60_000;

  private final CamelContext context;
  private final QueueDepths queues;
  private final Map<String, Long> lastWarned = new LinkedHashMap<>();
  private StatefulRedisConnection<String, String> redis;
  private long sequence;

  DashboardSnapshot(CamelContext context, QueueDepths queues) {
    this.context = context;
    this.queues = queues;
  }

  /** A snapshot that asks no management API: every queue and stream depth is unknown (tests). */
  public DashboardSnapshot(CamelContext context) {
    this(context, null);
  }

  /** The whole dashboard as one JSON text. */
  public synchronized String build() throws Exception {
    long now = System.currentTimeMillis();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "snapshot");
    out.put("seq", ++sequence);
    out.put("time", now);
    Map<String, Long> messages = section(out, "queues", () -> queues == null ? Map.of() : queues.read());
    PanelSources sources = new PanelSources(context, now, messages == null ? Map.of() : messages, this::redis);
    for (DashboardPanel panel : panels()) {
      out.put(panel.name(), section(out, panel.name(), () -> panel.read(sources)));
    }
    return JSON.writeValueAsString(out);
  }

  /** The panels the flow families bound, in name order (so the JSON is laid out the same each time). */
  private List<DashboardPanel> panels() {
    List<DashboardPanel> panels = new ArrayList<>(context.getRegistry().findByType(DashboardPanel.class));
    panels.sort(Comparator.comparing(DashboardPanel::name));
    return panels;
  }

  private interface Source<T> {
    T get() throws Exception;
  }

  private <T> T section(Map<String, Object> out, String name, Source<T> source) {
    try {
      return source.get();
    } catch (Exception e) {
      String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      out.put(name + "Error", message);
      warn(name, message);
      return null;
    }
  }

  private void warn(String name, String message) {
    long now = System.currentTimeMillis();
    Long last = lastWarned.get(name);
    if (last == null || now - last > WARN_EVERY_MS) {
      lastWarned.put(name, now);
      LOG.warn("Dashboard panel {} unavailable: {}", name, message);
    }
  }

  private RedisCommands<String, String> redis() {
    if (redis == null || !redis.isOpen()) {
      RedisClient client = context.getRegistry().lookupByNameAndType("redisClient", RedisClient.class);
      if (client == null) {
        throw new IllegalStateException("no redisClient bean");
      }
      redis = client.connect();
      redis.setTimeout(Duration.ofSeconds(2));
    }
    return redis.sync();
  }

  /** Closes the Redis connection (on Camel stop). */
  public synchronized void close() {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }
}
