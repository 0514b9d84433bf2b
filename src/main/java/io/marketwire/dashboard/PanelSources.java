package io.marketwire.dashboard;

import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.web.RouteCompanion;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

/**
 * What the {@link DashboardPanel}s read from for one snapshot: the Camel context (its beans and
 * routes), the depth of every queue and stream as the RabbitMQ management API reported it (one
 * request per snapshot, shared by all panels) and the dashboard's one Redis connection.
 */
public final class PanelSources {

  private final CamelContext context;
  private final long time;
  private final Map<String, Long> messages;
  private final Supplier<RedisCommands<String, String>> redis;

  PanelSources(CamelContext context, long time, Map<String, Long> messages, Supplier<RedisCommands<String, String>> redis) {
    this.context = context;
    this.time = time;
    this.messages = messages;
    this.redis = redis;
  }

  public CamelContext context() {
    return context;
  }

  /** The snapshot's wall-clock time (epoch milliseconds). */
  public long time() {
    return time;
  }

  /** The bean bound under {@code name}, or null when this process has none. */
  public <T> T bean(String name, Class<T> type) {
    return context.getRegistry().lookupByNameAndType(name, type);
  }

  /** The metrics of {@code route}, or null when JMX is off. */
  public ManagedRouteMBean managedRoute(Route route) {
    ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
    return managed == null ? null : managed.getManagedRoute(route.getRouteId());
  }

  /** The metrics of the route that names {@code companion} as its policy, or null when none is loaded. */
  public ManagedRouteMBean managedRoute(RouteCompanion companion) {
    return companion.route().map(this::managedRoute).orElse(null);
  }

  /**
   * Messages in queue or stream {@code name}, or null when the broker does not list it (or the
   * management API could not be read: the snapshot then carries {@code queuesError}).
   */
  public Long messages(String name) {
    return messages.get(name);
  }

  /** Messages per queue or stream whose name starts with {@code prefix}, by name. */
  public Map<String, Long> messagesStartingWith(String prefix) {
    Map<String, Long> out = new TreeMap<>();
    messages.forEach(
        (name, count) -> {
          if (name.startsWith(prefix)) {
            out.put(name, count);
          }
        });
    return out;
  }

  /** The dashboard's Redis connection; throws when this process has no {@code redisClient}. */
  public RedisCommands<String, String> redis() {
    return redis.get();
  }
}
