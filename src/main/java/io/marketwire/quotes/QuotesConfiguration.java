package io.marketwire.quotes;

import io.marketwire.config.RoutingRulesHolder;
import io.marketwire.web.Authenticator;
import io.marketwire.web.RouteCompanion;
import io.marketwire.web.TokenWebSocketHub;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans the quote routes ({@code routes/quotes/}) call by name, from
 * {@code marketwire.quotes.*}. Registered through {@code camel.main.configuration-classes}.
 */
public class QuotesConfiguration implements CamelConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(QuotesConfiguration.class);

  @PropertyInject("marketwire.quotes.stream")
  private String stream;

  @PropertyInject("marketwire.quotes.alerts-stream")
  private String alertsStream;

  @PropertyInject("marketwire.quotes.change-alerts.threshold-percent")
  private double changeThresholdPercent;

  @PropertyInject("marketwire.quotes.volume.window")
  private int volumeWindow;

  @PropertyInject("marketwire.quotes.volume.min-samples")
  private int volumeMinSamples;

  @PropertyInject("marketwire.quotes.volume.spike-factor")
  private double volumeSpikeFactor;

  @PropertyInject("marketwire.quotes.technical.sma-windows")
  private String smaWindows;

  @PropertyInject("marketwire.quotes.technical.ema-windows")
  private String emaWindows;

  @PropertyInject("marketwire.quotes.technical.rsi-period")
  private int rsiPeriod;

  @PropertyInject("marketwire.quotes.events.zone")
  private String zone;

  @PropertyInject("marketwire.quotes.events.session-open")
  private String sessionOpen;

  @PropertyInject("marketwire.quotes.events.session-close")
  private String sessionClose;

  @PropertyInject("marketwire.quotes.events.gap-percent")
  private double gapPercent;

  @PropertyInject("marketwire.quotes.events.halt-after")
  private Duration haltAfter;

  @PropertyInject("marketwire.quotes.db.url")
  private String dbUrl;

  @PropertyInject("marketwire.quotes.db.username")
  private String dbUsername;

  @PropertyInject("marketwire.quotes.db.password")
  private String dbPassword;

  @PropertyInject("marketwire.quotes.ws-path")
  private String wsPath;

  @PropertyInject("marketwire.quotes.alerts-ws-path")
  private String alertsWsPath;

  @Override
  public void configure(CamelContext context) throws Exception {
    Registry registry = context.getRegistry();
    RoutingRulesHolder rules = registry.lookupByNameAndType("routingRules", RoutingRulesHolder.class);
    if (rules == null) {
      throw new IllegalStateException("the quote routes need the routingRules bean (io.marketwire.app.MarketwireConfiguration)");
    }
    registry.bind("quoteFields", new QuoteFields());
    registry.bind("priceAlerts", new PriceAlerts(rules::alertThresholdPercent));
    registry.bind("changeAlerts", new ChangeAlerts(changeThresholdPercent));
    registry.bind(
        "volumeAnalysis",
        new VolumeAnalysis(volumeWindow, volumeMinSamples, volumeSpikeFactor));
    TechnicalAnalysis technical =
        new TechnicalAnalysis(
            windows("marketwire.quotes.technical.sma-windows", smaWindows),
            windows("marketwire.quotes.technical.ema-windows", emaWindows),
            rsiPeriod);
    registry.bind("technicalAnalysis", technical);
    registry.bind(
        "quotesPanel",
        new QuotesPanel(stream.trim(), alertsStream.trim(), technical));
    registry.bind(
        "marketEvents",
        new MarketEvents(
            ZoneId.of(zone.trim()),
            LocalTime.parse(sessionOpen.trim()),
            LocalTime.parse(sessionClose.trim()),
            gapPercent,
            haltAfter,
            Clock.systemUTC()));
    QuoteStore store =
        new QuoteStore(dbUrl.trim(), dbUsername.trim(), dbPassword);
    registry.bind("quoteStore", store);
    context.addService(store, true, false); // closed when the context stops; opened on first use
    registry.bind("quotesApi", new QuotesApi(store));
    bindPushHubs(context, registry);
  }

  /**
   * The WebSockets the push routes broadcast to ({@code quotesHub}, {@code alertsHub}), on the
   * app's HTTP port behind the control plane's token check; each is served only when its push
   * route is loaded.
   */
  private void bindPushHubs(CamelContext context, Registry registry) throws Exception {
    Authenticator authenticator = registry.lookupByNameAndType("authenticator", Authenticator.class);
    if (authenticator == null) {
      throw new IllegalStateException("the quotes WebSockets need the control plane's authenticator bean (DataplaneConfiguration)");
    }
    TokenWebSocketHub quotes = new TokenWebSocketHub(wsPath.trim(), authenticator);
    TokenWebSocketHub alerts = new TokenWebSocketHub(alertsWsPath.trim(), authenticator);
    registry.bind("quotesHub", quotes);
    registry.bind("alertsHub", alerts);
    // the push routes name these as their route policies: each WebSocket is served with its route
    registry.bind("quotesWebSocket", RouteCompanion.onStart(quotes::attach));
    registry.bind("alertsWebSocket", RouteCompanion.onStart(alerts::attach));
  }

  private static List<Integer> windows(String key, String v) {
    try {
      return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be comma-separated whole numbers, was '" + v + "'");
    }
  }
}
