package io.marketwire.backtest;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The strategies bound by name in {@code config/application.properties}: {@code
 * marketwire.backtest.strategies} lists the names; for each name {@code
 * marketwire.backtest.strategy.NAME.class} is a {@link Strategy} with a public constructor taking
 * {@link StrategyParams}, {@code .parameters} lists its parameters, and {@code .PARAM} holds each
 * default. A new strategy is a class on the classpath and a few lines of config, no code here.
 */
public final class StrategyCatalog {

  static final String PREFIX = "marketwire.backtest.strategy.";

  private final Function<String, Optional<String>> settings;
  private final List<String> names;

  /** @param settings looks a key up in the layered config (profile and environment applied) */
  public StrategyCatalog(Function<String, Optional<String>> settings) {
    this.settings = settings;
    this.names = split(required("marketwire.backtest.strategies"));
  }

  public List<String> names() {
    return names;
  }

  /** The parameter names a strategy takes, from {@code .parameters}. */
  public List<String> parameters(String name) {
    requireKnown(name);
    return split(required(PREFIX + name + ".parameters"));
  }

  private String required(String key) {
    return settings.apply(key).orElseThrow(() -> new IllegalArgumentException("missing setting " + key + " (config/application.properties)"));
  }

  /** A strategy's parameters: its configured defaults with {@code overrides} on top. */
  public StrategyParams params(String name, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String p : parameters(name)) {
      settings.apply(PREFIX + name + "." + p).ifPresent(v -> values.put(p, v));
    }
    for (String key : overrides.keySet()) {
      if (!values.containsKey(key) && !parameters(name).contains(key)) {
        throw new IllegalArgumentException("strategy " + name + " has no parameter '" + key + "' (it has " + parameters(name) + ")");
      }
    }
    values.putAll(overrides);
    return new StrategyParams(values);
  }

  /** A new instance of the strategy bound to {@code name}, with {@code params}. */
  public Strategy create(String name, StrategyParams params) {
    requireKnown(name);
    String className =
        settings.apply(PREFIX + name + ".class").filter(c -> !c.isBlank())
            .orElseThrow(() -> new IllegalArgumentException("no class bound to strategy " + name + " (" + PREFIX + name + ".class)"));
    try {
      Class<? extends Strategy> type = Class.forName(className.trim()).asSubclass(Strategy.class);
      return type.getConstructor(StrategyParams.class).newInstance(params);
    } catch (InvocationTargetException e) {
      // the constructor rejected a parameter: its message says which
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("strategy " + name + ": cannot create " + className + ": " + e, e);
    }
  }

  private void requireKnown(String name) {
    if (!names.contains(name)) {
      throw new IllegalArgumentException("unknown strategy '" + name + "' (known: " + names + ")");
    }
  }

  static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }
}
