package io.marketwire.dataplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import io.marketwire.dataplane.listener.ListenerCounters;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.dataplane.wds.WdsHub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's {@code dataplane}: the listener's state and counters with its rate since the
 * previous snapshot (when the MDL runs here), the MDQ depths, the scanner lists the MDP wrote to
 * the cache, and the WDS sessions (when the WDS runs here).
 */
final class DataPlanePanel implements DashboardPanel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String queuePrefix;
  private final String cachePrefix;
  private final WdsHub wds;
  private long previousReceived = -1;
  private long previousNanos;

  DataPlanePanel(String queuePrefix, String cachePrefix, WdsHub wds) {
    this.queuePrefix = queuePrefix;
    this.cachePrefix = cachePrefix;
    this.wds = wds;
  }

  @Override
  public String name() {
    return "dataplane";
  }

  @Override
  public Map<String, Object> read(PanelSources sources) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    MassiveConsumer.find(sources.context()).ifPresent(listener -> out.put("listener", listener(listener)));
    out.put("queues", sources.messagesStartingWith(queuePrefix));
    Map<String, Object> scanner = new LinkedHashMap<>();
    RedisCommands<String, String> r = sources.redis();
    for (String list : List.of("gainers", "losers", "active")) {
      String json = r.get(cachePrefix + "scanner:" + list);
      scanner.put(list, json == null ? List.of() : JSON.readTree(json).path("items"));
    }
    out.put("scanner", scanner);
    if (wds.fanoutRoute().loaded()) {
      out.put("wdsSessions", wds.sessions());
      out.put("wdsDelivered", wds.delivered());
    }
    return out;
  }

  private Map<String, Object> listener(MassiveConsumer listener) {
    ListenerCounters c = listener.counters();
    long nanos = System.nanoTime();
    long received = c.received();
    Long rate = null;
    if (previousReceived >= 0 && nanos > previousNanos) {
      rate = Math.round((received - previousReceived) / ((nanos - previousNanos) / 1e9));
    }
    previousReceived = received;
    previousNanos = nanos;
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("state", listener.connection().state().name());
    l.put("received", received);
    l.put("published", c.published());
    l.put("dropped", c.dropped());
    l.put("connects", c.connects());
    l.put("rate", rate);
    return l;
  }
}
