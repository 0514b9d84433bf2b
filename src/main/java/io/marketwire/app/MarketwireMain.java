package io.marketwire.app;

import io.marketwire.config.LayeredProperties;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * Camel Main set up the Marketwire way: properties from {@code config/} layered by profile
 * (environment variables override any key, Camel's default), YAML routes from {@code routes/},
 * beans from the configuration classes listed in {@code camel.main.configuration-classes}. Flow commands narrow the routes and override a
 * few properties; everything else is the same as {@code run}.
 */
public final class MarketwireMain {

  /** The bean a route calls when its flow's work is done (orders produce N): the app stops. */
  public static final String SHUTDOWN_BEAN = "appShutdown";

  private MarketwireMain() {}

  /**
   * The profile's file first: Camel's properties component takes a key from the first location
   * that has it, so the profile overrides the base file (and environment variables override both).
   */
  public static String propertyLocations(String profile) {
    return "file:config/application-"
        + profile
        + ".properties;optional=true,file:config/application.properties";
  }

  public static Main create(String profile, String routesPattern, Map<String, String> overrides) {
    // the configuration classes are listed in camel.main.configuration-classes (config/), the
    // one place to add a flow family's beans; passing them here too would bind them twice
    Main main = new Main();
    main.setPropertyPlaceholderLocations(propertyLocations(profile));
    main.addInitialProperty("marketwire.profile", profile);
    LayeredProperties layered = LayeredProperties.load(Path.of("config"), profile, System.getenv());
    layered.environmentOverrides().forEach(main::addOverrideProperty);
    if (routesPattern != null) {
      main.addOverrideProperty("camel.main.routes-include-pattern", routesPattern);
    }
    // a command's own options are the most specific: they win over the environment
    overrides.forEach(main::addOverrideProperty);
    // this process among others (its port, connection and consumer names), from what applies
    // above: the command's options, then system properties (which Camel lets win over files)
    AppInstance.overrides(
            key -> overrides.containsKey(key)
                ? overrides.get(key)
                : System.getProperty(key, layered.get(key).orElse(null)))
        .forEach(main::addOverrideProperty);
    return main;
  }
}
