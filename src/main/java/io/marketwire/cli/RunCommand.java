package io.marketwire.cli;

import io.marketwire.app.Flows;
import io.marketwire.app.MarketwireMain;
import io.marketwire.app.health.CredentialsRefusedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
public final class RunCommand implements Callable<Integer>, ProfileAware {

  @Parameters(paramLabel = "FLOW", arity = "0..*", description = "family/flow (a folder under routes/) or a family: see the list below")
  List<String> flows = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting for this run, e.g. marketwire.vwap.batch-size=500")
  Map<String, String> settings = new LinkedHashMap<>();

  private String profile = "dev";

  @Override
  public void profile(String profile) {
    this.profile = profile;
  }

  /** The routes to run as a Camel include pattern, or null for every route (config/'s pattern). */
  String routes() {
    return flows.isEmpty() ? null : Flows.inWorkingDirectory().includePattern(flows);
  }

  /** The flows' own settings under the {@code --set} ones. */
  Map<String, String> overrides() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!flows.isEmpty()) {
      out.putAll(Flows.inWorkingDirectory().settings(flows));
    }
    out.putAll(settings);
    return out;
  }

  @Override
  public Integer call() throws Exception {
    Main main = MarketwireMain.create(profile, routes(), overrides());
    main.bind(MarketwireMain.SHUTDOWN_BEAN, (Runnable) main::completed);
    try {
      main.run();
    } catch (Exception e) {
      if (refusedCredentials(e)) {
        return 1; // Camel logged the one line that names the connection; no stack trace to add
      }
      throw e;
    }
    return main.getExitCode();
  }

  private static boolean refusedCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CredentialsRefusedException) {
        return true;
      }
    }
    return false;
  }
}
