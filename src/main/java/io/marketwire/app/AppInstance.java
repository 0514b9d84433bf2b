package io.marketwire.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this process is among the app processes on one machine or cluster, and the settings that
 * follow from it, so that processes run side by side do not clash:
 *
 * <ul>
 *   <li>the HTTP port (health, metrics, dashboard): a named instance's own
 *       {@code marketwire.instance.<name>.http-port} when configured, which must be free; else
 *       {@code camel.server.port}, or when another process holds it the next free port above it
 *       (up to {@code marketwire.instance.port-search} ports), said in a WARN line;
 *   <li>for a named instance ({@code --instance NAME} or {@code MARKETWIRE_INSTANCE}): the Camel
 *       context's name {@code marketwire-<name>}, which names its RabbitMQ stream connections (so
 *       the broker, and the dashboard, tell which instance holds which partition), its consumer
 *       name in each Redis Streams group and its order worker id. Stream consumer names stay the
 *       same on every instance: they are the groups whose members share the partitions.
 * </ul>
 */
public final class AppInstance {

  /** The instance name, blank for an unnamed process; MARKETWIRE_INSTANCE sets it too. */
  public static final String NAME_KEY = "marketwire.instance";

  private static final Logger LOG = LoggerFactory.getLogger(AppInstance.class);
  private static final String PORT_KEY = "camel.server.port";

  private AppInstance() {}

  /**
   * The properties this process overrides for its instance, from its effective settings ({@code
   * setting} answers a key with the value that applies, or null).
   *
   * @throws IllegalStateException when an instance's own configured port is taken
   */
  public static Map<String, String> overrides(Function<String, String> setting) {
    Map<String, String> out = new LinkedHashMap<>();
    String name = blankToNull(setting.apply(NAME_KEY));
    if (name != null) {
      out.put("camel.main.name", "marketwire-" + name);
      out.put("camel.component.redis-stream.consumer-name", name);
      if (blankToNull(setting.apply("marketwire.orders.worker.id")) == null) {
        out.put("marketwire.orders.worker.id", name);
      }
    }
    if (Boolean.parseBoolean(required(setting, "camel.server.enabled"))) {
      int port = httpPort(name, setting);
      out.put(PORT_KEY, Integer.toString(port));
      out.put("camel.management.port", Integer.toString(port));
    }
    return out;
  }

  private static int httpPort(String name, Function<String, String> setting) {
    String host = required(setting, "camel.server.host");
    String own = name == null ? null : blankToNull(setting.apply(NAME_KEY + "." + name + ".http-port"));
    if (own != null) {
      int port = Integer.parseInt(own.trim());
      if (!free(host, port)) {
        throw new IllegalStateException(
            "instance " + name + ": its HTTP port " + host + ":" + port + " (" + NAME_KEY + "." + name
                + ".http-port) is in use by another process; stop it or configure another port");
      }
      return port;
    }
    int base = Integer.parseInt(required(setting, PORT_KEY));
    int search = Integer.parseInt(required(setting, NAME_KEY + ".port-search"));
    for (int port = base; port <= base + search; port++) {
      if (free(host, port)) {
        if (port != base) {
          LOG.warn(
              "HTTP port {} is in use (another marketwire process?): this one serves health, metrics and"
                  + " the dashboard on http://{}:{}",
              base, host, port);
        }
        return port;
      }
    }
    throw new IllegalStateException(
        "no free HTTP port on " + host + " from " + base + " to " + (base + search)
            + ": set camel.server.port (CAMEL_SERVER_PORT) to a free one");
  }

  /** Whether nothing listens on host:port now (another process could still take it first). */
  static boolean free(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** config/ has every key this reads: a blank or missing one is a mistake, named. */
  private static String required(Function<String, String> setting, String key) {
    String value = blankToNull(setting.apply(key));
    if (value == null) {
      throw new IllegalStateException("missing setting " + key + " (config/application.properties)");
    }
    return value;
  }
}
