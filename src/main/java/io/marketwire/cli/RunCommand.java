package io.marketwire.cli;

import io.marketwire.app.Flows;
import io.marketwire.app.MarketwireMain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./marketwire run [FLOW...] [--set KEY=VALUE...]}: the one command that runs flows. No
 * flow runs every route in {@code routes/} (the whole system with its dashboard); a flow runs its
 * folder of routes ({@link Flows}) in the same Camel Main, so a flow alone behaves as it does in
 * the whole system. Settings win in this order: {@code --set}, the flow's descriptor, the
 * environment, the profile's file, {@code config/application.properties}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run flows (folders under routes/); without a flow, every flow: the whole system with its dashboard.")
public final class RunCommand extends FlowCommand {

  @Parameters(paramLabel = "FLOW", arity = "0..*", description = "family/flow (a folder under routes/) or a family: see the list below")
  List<String> flows = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting for this run, e.g. marketwire.vwap.batch-size=500")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The flows' routes, or null without a flow: every route (config/'s pattern). */
  @Override
  protected String routes() {
    return flows.isEmpty() ? null : Flows.inWorkingDirectory().includePattern(flows);
  }

  /** The flows' own settings under the {@code --set} ones. */
  @Override
  protected Map<String, String> overrides() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!flows.isEmpty()) {
      out.putAll(Flows.inWorkingDirectory().settings(flows));
    }
    out.putAll(settings);
    return out;
  }

  @Override
  protected void bind(Main main) {
    main.bind(MarketwireMain.SHUTDOWN_BEAN, (Runnable) main::completed);
  }
}
