package io.marketwire.dashboard;

import io.marketwire.web.Authenticator;
import io.marketwire.web.PlatformRouter;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dashboard's beans, from {@code marketwire.dashboard.*}: {@code dashboardSnapshot} (what the
 * panels show) and {@code dashboardFeed} (the app and its WebSocket). Both are served only when
 * the feed route ({@code dashboard-feed}, routes/dashboard/) is loaded. Log-in is the control
 * plane's: the same {@code authenticator} bean checks the token on the WebSocket.
 */
public class DashboardConfiguration implements CamelConfiguration {

  static final String FEED_ROUTE = "dashboard-feed";

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
    DashboardSnapshot snapshot =
        new DashboardSnapshot(
            context,
            new DashboardSnapshot.Settings(
                get(props, "marketwire.market-data.stream", "market-data"),
                streams(props),
                "marketwire:vwap:latest",
                get(props, "marketwire.quotes.stream", "stock_quotes"),
                get(props, "marketwire.quotes.alerts-stream", "stock_alerts"),
                get(props, "marketwire.dataplane.queue-prefix", "mdq."),
                get(props, "marketwire.dataplane.cache.prefix", "mdc:"),
                get(props, "marketwire.orders.namespace", ""),
                Duration.ofMinutes(Long.parseLong(get(props, "marketwire.dashboard.trend-minutes", "5")))),
            queues);
    context.getRegistry().bind("dashboardFeed", feed);
    context.getRegistry().bind("dashboardSnapshot", snapshot);
    PlatformRouter.attachWhenRouteLoaded(context, FEED_ROUTE, feed::attach);
    context.addService(
        new ServiceSupport() {
          @Override
          protected void doStop() {
            snapshot.close();
          }
        });
  }

  /** The streams whose sizes the dashboard shows: every stream a market-data flow names. */
  private static java.util.List<String> streams(PropertiesComponent props) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (String key :
        new String[] {
          "marketwire.market-data.stream", "marketwire.market-data.errors-stream", "marketwire.vwap.stream",
          "marketwire.exchanges.streams.nyse", "marketwire.exchanges.streams.nasdaq", "marketwire.exchanges.streams.cboe",
          "marketwire.exchanges.unified-stream", "marketwire.exchanges.nbbo-stream", "marketwire.audit.stream"
        }) {
      String name = get(props, key, "");
      if (!name.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static String get(PropertiesComponent props, String key, String fallback) {
    return props.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
  }
}
