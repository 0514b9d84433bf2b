package io.marketwire.dataplane.listener;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code massive:} component: a consumer on the Massive (Polygon.io) WebSocket, {@code
 * massive:stocks?url=...&apiKey=...&subscriptions=T.*,Q.*}. Options are bound by reflection (no
 * generated configurer); {@code apiKey} is masked in every URI Camel logs.
 */
@Component("massive")
public class MassiveComponent extends DefaultComponent {

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    MassiveEndpoint endpoint = new MassiveEndpoint(uri, this);
    endpoint.setCluster(remaining);
    setProperties(endpoint, parameters);
    return endpoint;
  }
}
