package io.marketwire.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

/** {@code routes}: every route of this process with its state and metrics; no flow's own. */
final class CamelRoutesPanel implements DashboardPanel {

  @Override
  public String name() {
    return "routes";
  }

  @Override
  public List<Map<String, Object>> read(PanelSources sources) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Route route : sources.context().getRoutes()) {
      Map<String, Object> row = new LinkedHashMap<>();
      ServiceStatus status = sources.context().getRouteController().getRouteStatus(route.getRouteId());
      row.put("id", route.getRouteId());
      row.put("state", status == null ? "Unknown" : status.name());
      ManagedRouteMBean m = sources.managedRoute(route);
      if (m != null) {
        row.put("total", m.getExchangesTotal());
        row.put("failed", m.getExchangesFailed());
        row.put("inflight", m.getExchangesInflight());
        row.put("meanMs", m.getMeanProcessingTime());
      }
      out.add(row);
    }
    return out;
  }
}
