package io.marketwire.cli;

import io.marketwire.app.Flows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The commands of {@code ./marketwire}: {@code run} for every flow, the few commands that do what
 * a route cannot ({@code replay}, {@code audit-rebuild}, and those the families contribute as
 * {@link ContributedCommand}s), and the seeds' flow commands as aliases of {@code run} ({@link
 * CommandAliases}).
 */
@Command(
    name = "marketwire",
    mixinStandardHelpOptions = true,
    description = "Market data and orders through RabbitMQ and Redis.",
    subcommands = {
      RunCommand.class,
      MarketDataCommands.Replay.class,
      MarketDataCommands.AuditRebuild.class
    })
public final class FlowCommands {

  private FlowCommands() {}

  static int execute(String command, String profile, String[] args) {
    List<String> words = new ArrayList<>();
    words.add(command);
    words.addAll(List.of(args));
    Optional<CommandAliases.Alias> alias = CommandAliases.find(words);
    if (alias.isPresent()) {
      List<String> own = CommandAliases.argumentsOf(alias.get(), words);
      if (own.contains("--help") || own.contains("-h")) {
        System.out.print(alias.get().usage().stripLeading());
        return 0;
      }
      try {
        words = alias.get().toRun(own);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
    CommandLine cli = new CommandLine(new FlowCommands());
    ServiceLoader.load(ContributedCommand.class).forEach(cli::addSubcommand);
    String flowList = flowList();
    cli.getCommandSpec().usageMessage().footer(flowList);
    cli.getSubcommands().get("run").getCommandSpec().usageMessage().footer(flowList);
    cli.setExecutionStrategy(
        parse -> {
          Object user = parse.asCommandLineList().get(parse.asCommandLineList().size() - 1).getCommand();
          if (user instanceof ProfileAware aware) {
            aware.profile(profile);
          }
          return new CommandLine.RunLast().execute(parse);
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parse) -> {
          if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("no flow ")) {
            commandLine.getErr().println(e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(words.toArray(String[]::new));
  }

  /** The flows found in routes/ and the aliases, for {@code --help}. */
  private static String flowList() {
    StringBuilder out = new StringBuilder("%nEvery command takes --profile NAME (default MARKETWIRE_PROFILE, else dev) and --instance NAME.%n");
    out.append("%nFlows (./marketwire run FLOW; a family's name runs all of its flows):%n");
    Map<String, String> flows;
    try {
      flows = Flows.inWorkingDirectory().all();
    } catch (RuntimeException e) {
      return out.append("  (no routes/ folder here)%n").toString();
    }
    flows.forEach((name, description) -> out.append(String.format("  %-24s %s", name, description).stripTrailing()).append("%n"));
    out.append("%nAliases (./marketwire ALIAS --help says what each option sets):%n");
    CommandAliases.all().forEach(a -> out.append(String.format("  %-24s run %s", a.command(), a.flow())).append("%n"));
    return out.toString();
  }
}
