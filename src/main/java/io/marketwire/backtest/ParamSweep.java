package io.marketwire.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code --strategy} and {@code --param} into the variants to run. {@code k=v1,v2} gives
 * each value in turn (a sweep; several swept keys give every combination, the first key varying
 * slowest); {@code name.k=v} applies to that strategy only, a plain {@code k} to every strategy
 * that has the parameter. Variants come out in the order given, so the report is stable.
 */
public final class ParamSweep {

  private ParamSweep() {}

  public static List<BacktestSpec.Variant> variants(StrategyCatalog catalog, List<String> strategies, List<String> params) {
    List<BacktestSpec.Variant> out = new ArrayList<>();
    for (String strategy : strategies) {
      Map<String, List<String>> swept = new LinkedHashMap<>();
      for (String param : params) {
        int eq = param.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--param takes key=value[,value...], was '" + param + "'");
        }
        String key = param.substring(0, eq).trim();
        String target = null;
        if (key.contains(".") && catalog.names().contains(key.substring(0, key.lastIndexOf('.')))) {
          target = key.substring(0, key.lastIndexOf('.'));
          key = key.substring(key.lastIndexOf('.') + 1);
        }
        boolean applies = target == null ? catalog.parameters(strategy).contains(key) : target.equals(strategy);
        if (target == null && strategies.stream().noneMatch(s -> catalog.parameters(s).contains(param.substring(0, eq).trim()))) {
          throw new IllegalArgumentException("no strategy of " + strategies + " has a parameter '" + key + "'");
        }
        if (applies) {
          swept.put(key, StrategyCatalog.split(param.substring(eq + 1)));
        }
      }
      for (Map<String, String> combination : combinations(swept)) {
        out.add(new BacktestSpec.Variant(strategy, catalog.params(strategy, combination)));
      }
    }
    return out;
  }

  private static List<Map<String, String>> combinations(Map<String, List<String>> swept) {
    List<Map<String, String>> result = new ArrayList<>();
    result.add(new LinkedHashMap<>());
    for (var entry : swept.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : result) {
        for (String value : entry.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(entry.getKey(), value);
          next.add(m);
        }
      }
      result = next;
    }
    return result;
  }
}
