package io.marketwire.source;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code ticks:} component: market data tick sources for routes, {@code ticks:simulator} and
 * {@code ticks:replay}. Camel finds it by scheme through {@code
 * META-INF/services/org/apache/camel/component/ticks}.
 *
 * <p>No configurer is generated for it (the Camel annotation processor does not run in this build),
 * so options are bound by reflection: URI options go to the endpoint's copy of the {@link
 * TicksConfiguration}, anything left (such as {@code bridgeErrorHandler}) to the endpoint, and an
 * unknown option fails the endpoint as usual.
 */
@Component("ticks")
public class TicksComponent extends DefaultComponent {

  @Metadata(description = "Defaults for every ticks endpoint")
  private TicksConfiguration configuration = new TicksConfiguration();

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    TicksConfiguration endpointConfiguration = configuration.copy();
    endpointConfiguration.setSource(TickSourceKind.parse(remaining));
    TicksEndpoint endpoint = new TicksEndpoint(uri, this, endpointConfiguration);
    setProperties(endpointConfiguration, parameters);
    setProperties(endpoint, parameters);
    return endpoint;
  }

  public TicksConfiguration getConfiguration() {
    return configuration;
  }

  /** Defaults every endpoint starts from. */
  public void setConfiguration(TicksConfiguration configuration) {
    this.configuration = configuration;
  }
}
