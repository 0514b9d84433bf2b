package io.marketwire.marketdata;

import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's {@code streamGroups}: which app instance holds which partition of the market
 * data, per consumer group (tape, archive, filtered, group, the VWAP batcher), and whether each
 * member is the active one or a standby (seed 001's consumer status), as the broker decided it. On
 * a plain stream the one "partition" is the stream. Also this instance's name and, per partition it
 * computed, the highest offset its VWAP book applied.
 */
final class StreamGroupsPanel implements DashboardPanel {

  private final StreamGroupMembers members;
  private final List<String> partitions;
  private final String instance;

  StreamGroupsPanel(StreamGroupMembers members, List<String> partitions, String instance) {
    this.members = members;
    this.partitions = List.copyOf(partitions);
    this.instance = instance;
  }

  @Override
  public String name() {
    return "streamGroups";
  }

  @Override
  public Map<String, Object> read(PanelSources sources) throws Exception {
    Map<String, Map<String, List<Map<String, Object>>>> groups = new TreeMap<>();
    for (StreamGroupMembers.Member m : members.read(partitions)) {
      Map<String, Object> member = new LinkedHashMap<>();
      member.put("instance", m.instance());
      member.put("active", m.active());
      groups.computeIfAbsent(m.group(), g -> new TreeMap<>()).computeIfAbsent(m.stream(), p -> new ArrayList<>()).add(member);
    }
    // active member first, then by instance: stable rows for the table
    groups.values().forEach(byPartition -> byPartition.values().forEach(list -> list.sort(
        (a, b) -> a.get("active").equals(b.get("active"))
            ? String.valueOf(a.get("instance")).compareTo(String.valueOf(b.get("instance")))
            : Boolean.TRUE.equals(a.get("active")) ? -1 : 1)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instance", instance);
    out.put("partitions", partitions);
    out.put("groups", groups);
    VwapBatcher batcher = VwapSymbolsPanel.runningBatcher(sources);
    out.put("vwapBookOffsets", batcher == null ? Map.of() : batcher.partitions());
    return out;
  }
}
