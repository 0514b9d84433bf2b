package io.marketwire.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flow commands the seeds and the docs use ({@code ./marketwire vwap --batch-size 500}, {@code
 * ./marketwire orders worker W1}), each a thin alias of {@code run FLOW --set ...}: one table of
 * which flow a name runs, which settings it always sets, and which setting each of its options
 * (and its one positional argument) sets. An option's target {@code key=value} is a flag that sets
 * that value; a target with {@code *} takes {@code NAME=VALUE} and puts NAME in place of the
 * {@code *}.
 */
final class CommandAliases {

  record Alias(String command, String flow, Map<String, String> fixed, Map<String, String> options, String positional) {

    /** The {@code run} arguments this alias stands for, with its own arguments translated. */
    List<String> toRun(List<String> args) {
      Map<String, String> settings = new LinkedHashMap<>(fixed);
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (!arg.startsWith("--")) {
          if (positional == null) {
            throw new IllegalArgumentException(command + " takes no argument '" + arg + "'" + usage());
          }
          settings.put(positional, arg);
          continue;
        }
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        String target = options.get(name.substring(2));
        if (target == null) {
          throw new IllegalArgumentException(command + " has no option " + name + usage());
        }
        if (!target.contains("*") && target.contains("=")) { // a flag
          settings.put(target.substring(0, target.indexOf('=')), target.substring(target.indexOf('=') + 1));
          continue;
        }
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : valueAfter(args, ++i, name);
        if (target.contains("*")) {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException(name + " takes NAME=VALUE, was '" + value + "'" + usage());
          }
          settings.put(target.replace("*", value.substring(0, eq)), value.substring(eq + 1));
        } else {
          for (String key : target.split(",")) {
            settings.put(key, value);
          }
        }
      }
      List<String> run = new ArrayList<>(List.of("run", flow));
      settings.forEach((key, value) -> run.addAll(List.of("--set", key + "=" + value)));
      return run;
    }

    private String valueAfter(List<String> args, int i, String name) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(name + " needs a value" + usage());
      }
      return args.get(i);
    }

    /** What the alias runs and what each option sets, for {@code --help} and errors. */
    String usage() {
      StringBuilder out = new StringBuilder("\n\n./marketwire " + command + " is ./marketwire run " + flow);
      fixed.forEach((k, v) -> out.append(" --set ").append(k).append('=').append(v));
      out.append('\n');
      if (positional != null) {
        out.append(String.format("  %-22s sets %s%n", "[VALUE]", positional));
      }
      options.forEach((option, target) -> out.append(String.format("  %-22s sets %s%n", "--" + option, target)));
      return out.toString();
    }
  }

  // the options and settings of the seeds' commands (docs/seed-compatibility.md)
  private static final List<Alias> TABLE =
      List.of(
          alias("producer", "market-data/producer", Map.of(), options(
              "source", "marketwire.producer.source",
              "symbols", "marketwire.replay.symbols,marketwire.simulator.symbols",
              "from", "marketwire.replay.from",
              "to", "marketwire.replay.to",
              "speed", "marketwire.replay.speed",
              "ticks-per-bar", "marketwire.replay.ticks-per-bar",
              "rate", "marketwire.simulator.rate",
              "stream", "marketwire.market-data.stream"), null),
          alias("consumers", "market-data/consumers", Map.of(), options(
              "symbols", "marketwire.consumers.filtered-symbols",
              "offset", "marketwire.consumers.*.offset"), null),
          alias("consume", "market-data/consume", Map.of("marketwire.consume.enabled", "true"), options(
              "name", "marketwire.consume.name",
              "offset", "marketwire.consume.offset",
              "symbols", "marketwire.consume.symbols",
              "stream", "marketwire.market-data.stream"), null),
          alias("vwap", "market-data/vwap", Map.of(), options(
              "batch-size", "marketwire.vwap.batch-size",
              "batch-timeout", "marketwire.vwap.batch-timeout",
              "name", "marketwire.vwap.consumer-name"), null),
          alias("exchanges", "market-data/exchanges", Map.of(), Map.of(), null),
          alias("audit", "market-data/audit", Map.of(), Map.of(), null),
          alias("orders demo", "orders/demo", Map.of("marketwire.orders.demo.enabled", "true"), options(
              "orders", "marketwire.orders.produce.count"), null),
          alias("orders worker", "orders/worker", Map.of(), options(
              "concurrency", "marketwire.orders.worker.concurrency"), "marketwire.orders.worker.id"),
          alias("orders notification", "orders/notification", Map.of(), Map.of(), null),
          alias("orders analytics", "orders/analytics", Map.of(), Map.of(), null),
          alias("orders logs", "orders/logs", Map.of(), Map.of(), null),
          alias("orders produce", "orders/producer", Map.of("marketwire.orders.produce.auto-start", "true"), Map.of(),
              "marketwire.orders.produce.count"),
          alias("orders rpc-server", "orders/rpc-server", Map.of(), Map.of(), null),
          alias("orders rpc-client", "orders/rpc-client", Map.of("marketwire.orders.rpc.client-auto-start", "true"), options(
              "calls", "marketwire.orders.rpc.calls"), null),
          alias("mdl", "dataplane/mdl", Map.of(), options(
              "speed", "marketwire.upstream.server.speed",
              "subscriptions", "marketwire.upstream.subscriptions",
              "no-local-upstream", "marketwire.upstream.server.enabled=false"), null),
          alias("mdp", "dataplane/mdp", Map.of(), Map.of(), null),
          alias("wds", "dataplane/wds", Map.of(), Map.of(), null),
          alias("scp", "dataplane/scp", Map.of(), Map.of(), null),
          alias("dashboard", "dashboard", Map.of(), Map.of(), null),
          alias("quotes producer", "quotes/producer", Map.of(), options(
              "source", "marketwire.quotes.source",
              "rate", "marketwire.quotes.simulator.rate",
              "count", "marketwire.quotes.max-ticks"), null),
          alias("quotes alerts", "quotes/alerts", Map.of(), Map.of(), null),
          alias("quotes volume", "quotes/volume", Map.of(), Map.of(), null),
          alias("quotes technical", "quotes/technical", Map.of(), Map.of(), null),
          alias("quotes events", "quotes/events", Map.of(), Map.of(), null),
          alias("quotes api", "quotes/api", Map.of(), Map.of(), null));

  private CommandAliases() {}

  /**
   * The alias the command line starts with ({@code vwap ...}, {@code orders worker ...}), if any;
   * {@code words} is the whole command line, the command first.
   */
  static Optional<Alias> find(List<String> words) {
    for (Alias alias : TABLE) {
      List<String> names = List.of(alias.command().split(" "));
      if (words.size() >= names.size() && words.subList(0, names.size()).equals(names)) {
        return Optional.of(alias);
      }
    }
    return Optional.empty();
  }

  /** The command line with its alias taken off: the alias's own arguments. */
  static List<String> argumentsOf(Alias alias, List<String> words) {
    return words.subList(alias.command().split(" ").length, words.size());
  }

  static List<Alias> all() {
    return TABLE;
  }

  private static Alias alias(String command, String flow, Map<String, String> fixed, Map<String, String> options, String positional) {
    return new Alias(command, flow, fixed, options, positional);
  }

  /** Option names and their targets in the order given (for --help). */
  private static Map<String, String> options(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
