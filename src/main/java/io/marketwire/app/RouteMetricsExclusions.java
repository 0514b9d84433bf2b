package io.marketwire.app;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.RoutePolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves the routes matching {@code marketwire.metrics.route-policy-exclude} (route id patterns,
 * comma-separated) out of Camel's Micrometer route timers. The route policy formats a property
 * name with {@code String.format} twice per exchange, which is a fifth of the market-data
 * pipeline's CPU at 20k ticks/s (docs/benchmarks.md); those routes report through JMX route
 * counters (the dashboard) and their own gauges instead. Camel Main has no setting for the
 * factory's exclude pattern, so it is set on the factory Camel Main created.
 */
final class RouteMetricsExclusions {

  private static final Logger LOG = LoggerFactory.getLogger(RouteMetricsExclusions.class);

  private RouteMetricsExclusions() {}

  static boolean apply(CamelContext context, String patterns) {
    if (patterns == null || patterns.isBlank()) {
      return true;
    }
    for (RoutePolicyFactory factory : context.getRoutePolicyFactories()) {
      if (factory instanceof MicrometerRoutePolicyFactory micrometer) {
        micrometer.getPolicyConfiguration().setExcludePattern(patterns.replace(" ", ""));
        LOG.info("Routes without Micrometer route timers: {}", patterns);
        return true;
      }
    }
    return false;
  }
}
