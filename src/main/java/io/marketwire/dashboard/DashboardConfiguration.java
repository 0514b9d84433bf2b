package io.marketwire.dashboard;

import io.marketwire.web.Authenticator;
import io.marketwire.web.RouteCompanion;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dashboard's beans, from {@code marketwire.dashboard.*}: {@code dashboardSnapshot} (every
 * {@link DashboardPanel} the flow families' configuration classes bind, plus the routes panel bound
 * here) and {@code dashboardFeed} (the app and its WebSocket). Both are served only when the feed
 * route (routes/dashboard/feed/) runs: it names {@code dashboardWebSocket} as its route policy. Log-in is the control plane's: the
 * same {@code authenticator} bean checks the token on the WebSocket.
 */
public class DashboardConfiguration implements CamelConfiguration {

  @PropertyInject("marketwire.dashboard.ws-path")
  private String wsPath;

  @PropertyInject("marketwire.dashboard.web-path")
  private String webPath;

  // the queue depths come from RabbitMQ's management API, as the app's own user
  @PropertyInject("marketwire.rabbitmq.host")
  private String rabbitHost;

  @PropertyInject("marketwire.rabbitmq.management-port")
  private int managementPort;

  @PropertyInject("marketwire.rabbitmq.virtual-host")
  private String virtualHost;

  @PropertyInject("marketwire.rabbitmq.username")
  private String username;

  @PropertyInject("marketwire.rabbitmq.password")
  private String password;

  @Override
  public void configure(CamelContext context) throws Exception {
    Authenticator authenticator = context.getRegistry().lookupByNameAndType("authenticator", Authenticator.class);
    if (authenticator == null) {
      throw new IllegalStateException("the dashboard needs the control plane's authenticator bean (DataplaneConfiguration)");
    }
    DashboardFeed feed = new DashboardFeed(authenticator, wsPath.trim(), webPath.trim());
    QueueDepths queues =
        new QueueDepths(rabbitHost.trim(), managementPort, virtualHost.trim(), username.trim(), password.trim());
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
}
