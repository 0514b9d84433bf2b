package io.marketwire.testsupport;

import java.util.Locale;

/**
 * Picks the {@link BrokerService} for this test run, as Camel's test-infra factories do: the system
 * property {@value #TYPE_PROPERTY} or the variable {@code MARKETWIRE_BROKERS} says {@code local}
 * (the default: the project's services script) or {@code remote}.
 */
public final class BrokerServices {

  public static final String TYPE_PROPERTY = "marketwire.brokers";

  private static final BrokerService SERVICE = create(
      System.getProperty(TYPE_PROPERTY, System.getenv().getOrDefault("MARKETWIRE_BROKERS", "local")));

  private BrokerServices() {}

  /** The brokers of this run. */
  public static BrokerService get() {
    return SERVICE;
  }

  static BrokerService create(String type) {
    return switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "local" -> new ServicesScriptBrokers();
      case "remote" -> new RemoteBrokers();
      default -> throw new IllegalArgumentException(
          TYPE_PROPERTY + " must be local or remote, not '" + type + "'");
    };
  }
}
