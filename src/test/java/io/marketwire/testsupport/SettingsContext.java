package io.marketwire.testsupport;

import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;

/** A started Camel context whose placeholders resolve against the given settings only. */
public final class SettingsContext {

  private SettingsContext() {}

  public static DefaultCamelContext startedWith(Map<String, String> settings) {
    DefaultCamelContext context = new DefaultCamelContext();
    Properties properties = new Properties();
    properties.putAll(settings);
    context.getPropertiesComponent().setInitialProperties(properties);
    context.start();
    return context;
  }
}
