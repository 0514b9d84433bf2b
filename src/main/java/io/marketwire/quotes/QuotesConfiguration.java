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
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans the quote routes ({@code routes/quotes/}) call by name, from
 * {@code marketwire.quotes.*}. Registered through {@code camel.main.configuration-classes}.
 */
public class QuotesConfiguration implements CamelConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(QuotesConfiguration.class);

  @Override
  public void configure(CamelContext context) throws Exception {
    PropertiesComponent props = context.getPropertiesComponent();
    Registry registry = context.getRegistry();
    RoutingRulesHolder rules = registry.lookupByNameAndType("routingRules", RoutingRulesHolder.class);
    if (rules == null) {
      throw new IllegalStateException("the quote routes need the routingRules bean (io.marketwire.app.MarketwireConfiguration)");
    }
    registry.bind("quoteFields", new QuoteFields());
    registry.bind("priceAlerts", new PriceAlerts(rules::alertThresholdPercent));
    registry.bind("changeAlerts", new ChangeAlerts(decimal(props, "marketwire.quotes.change-alerts.threshold-percent")));
    registry.bind(
        "volumeAnalysis",
        new VolumeAnalysis(
            integer(props, "marketwire.quotes.volume.window"),
            integer(props, "marketwire.quotes.volume.min-samples"),
            decimal(props, "marketwire.quotes.volume.spike-factor")));
    TechnicalAnalysis technical =
        new TechnicalAnalysis(
            windows(props, "marketwire.quotes.technical.sma-windows"),
            windows(props, "marketwire.quotes.technical.ema-windows"),
            integer(props, "marketwire.quotes.technical.rsi-period"));
    registry.bind("technicalAnalysis", technical);
    registry.bind(
        "quotesPanel",
        new QuotesPanel(setting(props, "marketwire.quotes.stream"), setting(props, "marketwire.quotes.alerts-stream"), technical));
    registry.bind(
        "marketEvents",
        new MarketEvents(
            ZoneId.of(setting(props, "marketwire.quotes.events.zone")),
            LocalTime.parse(setting(props, "marketwire.quotes.events.session-open")),
            LocalTime.parse(setting(props, "marketwire.quotes.events.session-close")),
            decimal(props, "marketwire.quotes.events.gap-percent"),
            Duration.ofMillis(TimeUtils.toMilliSeconds(setting(props, "marketwire.quotes.events.halt-after"))),
            Clock.systemUTC()));
    QuoteStore store =
        new QuoteStore(
            setting(props, "marketwire.quotes.db.url"),
            props.resolveProperty("marketwire.quotes.db.username").orElse(""),
            props.resolveProperty("marketwire.quotes.db.password").orElse(""));
    registry.bind("quoteStore", store);
    context.addService(store, true, false); // closed when the context stops; opened on first use
    registry.bind("quotesApi", new QuotesApi(store));
    bindPushHubs(context, props, registry);
  }

  /**
   * The WebSockets the push routes broadcast to ({@code quotesHub}, {@code alertsHub}), on the
   * app's HTTP port behind the control plane's token check; each is served only when its push
   * route is loaded.
   */
  private static void bindPushHubs(CamelContext context, PropertiesComponent props, Registry registry) throws Exception {
    Authenticator authenticator = registry.lookupByNameAndType("authenticator", Authenticator.class);
    if (authenticator == null) {
      throw new IllegalStateException("the quotes WebSockets need the control plane's authenticator bean (DataplaneConfiguration)");
    }
    TokenWebSocketHub quotes = new TokenWebSocketHub(setting(props, "marketwire.quotes.ws-path"), authenticator);
    TokenWebSocketHub alerts = new TokenWebSocketHub(setting(props, "marketwire.quotes.alerts-ws-path"), authenticator);
    registry.bind("quotesHub", quotes);
    registry.bind("alertsHub", alerts);
    // the push routes name these as their route policies: each WebSocket is served with its route
    registry.bind("quotesWebSocket", RouteCompanion.onStart(quotes::attach));
    registry.bind("alertsWebSocket", RouteCompanion.onStart(alerts::attach));
  }

  private static String setting(PropertiesComponent props, String key) {
    return props
        .resolveProperty(key)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new IllegalArgumentException("missing setting " + key + " (see config/application.properties)"));
  }

  private static int integer(PropertiesComponent props, String key) {
    String v = setting(props, key);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
    }
  }

  private static double decimal(PropertiesComponent props, String key) {
    String v = setting(props, key);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
    }
  }

  private static List<Integer> windows(PropertiesComponent props, String key) {
    String v = setting(props, key);
    try {
      return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be comma-separated whole numbers, was '" + v + "'");
    }
  }
}
