package io.marketwire.marketdata;

import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's {@code streams}: messages held by each stream a market-data flow names (the
 * management API's figures; a stream that does not exist yet is left out).
 */
final class StreamSizesPanel implements DashboardPanel {

  private final List<String> streams;

  StreamSizesPanel(List<String> streams) {
    this.streams = streams.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  @Override
  public String name() {
    return "streams";
  }

  @Override
  public Map<String, Long> read(PanelSources sources) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String name : streams) {
      Long messages = sources.messages(name);
      if (messages != null) {
        out.put(name, messages);
      }
    }
    return out;
  }
}
