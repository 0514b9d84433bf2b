package io.marketwire.dashboard;

import io.marketwire.web.Authenticator;
import io.marketwire.web.RouteCompanion;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dashboard's beans, from {@code marketwire.dashboard.*}: {@code dashboardSnapshot} (every
 * {@link DashboardPanel} the flow families' configuration classes bind, plus the routes panel bound
 * here) and {@code dashboardFeed} (the app and its WebSocket). Both are served only when the feed
 * route (routes/dashboard/feed/) runs: it names {@code dashboardWebSocket} as its route policy. Log-in is the control plane's: the
 * same {@code authenticator} bean checks the token on the WebSocket.
 */
public class DashboardConfiguration implements CamelConfiguration {

  @Override
  public void configure(CamelContext context) throws Exception {
    PropertiesComponent props = context.getPropertiesComponent();
    Authenticator authenticator = context.getRegistry().lookupByNameAndType("authenticator", Authenticator.class);
    if (authenticator == null) {
      throw new IllegalStateException("the dashboard needs the control plane's authenticator bean (DataplaneConfiguration)");
    }
    DashboardFeed feed =
        new DashboardFeed(authenticator, get(props, "marketwire.dashboard.ws-path", "/ws/dashboard"), get(props, "marketwire.dashboard.web-path", "/dashboard"));
    QueueDepths queues =
        new QueueDepths(
            get(props, "marketwire.rabbitmq.host", "localhost"),
            Integer.parseInt(get(props, "marketwire.rabbitmq.management-port", "15672")),
            get(props, "marketwire.rabbitmq.virtual-host", "/"),
            get(props, "marketwire.rabbitmq.username", "guest"),
            get(props, "marketwire.rabbitmq.password", ""));
    DashboardSnapshot snapshot = new DashboardSnapshot(context, queues);
    context.getRegistry().bind("dashboardFeed", feed);
    context.getRegistry().bind("dashboardSnapshot", snapshot);
    context.getRegistry().bind("camelRoutesPanel", new CamelRoutesPanel());
    // the feed route names it as its route policy: the WebSocket is served with the feed
    context.getRegistry().bind("dashboardWebSocket", RouteCompanion.onStart(feed::attach));
    context.addService(
        new ServiceSupport() {
          @Override
          protected void doStop() {
            snapshot.close();
          }
        });
  }

  private static String get(PropertiesComponent props, String key, String fallback) {
    return props.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
  }
}
