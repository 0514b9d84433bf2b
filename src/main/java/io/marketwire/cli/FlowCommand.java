package io.marketwire.cli;

import io.marketwire.app.MarketwireMain;
import io.marketwire.flow.FlowCompletion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;

/**
 * A command that runs a subset of the routes in the same Camel Main as {@code run}. A subclass
 * names its route files and turns its options into property overrides, so a flow run alone
 * behaves exactly as it does inside the whole system.
 */
public abstract class FlowCommand implements Callable<Integer>, ProfileAware {

  private String profile = "dev";

  @Override
  public void profile(String profile) {
    this.profile = profile;
  }

  /** The configuration profile this command runs with. */
  protected String profile() {
    return profile;
  }

  /**
   * The routes to load, as a Camel include pattern such as {@code
   * file:routes/orders/worker/*.camel.yaml}, or null for every route (config/'s pattern).
   */
  protected abstract String routes();

  /** Property overrides from the command's options. */
  protected Map<String, String> overrides() {
    return new LinkedHashMap<>();
  }

  /** Adds {@code key} to the overrides when its option was given (not null). */
  protected static void put(Map<String, String> overrides, String key, Object value) {
    if (value != null) {
      overrides.put(key, value.toString());
    }
  }

  /**
   * Whether the routes read to an end and then end the command ({@link FlowCompletion}, with
   * their exit code), rather than run until stopped.
   */
  protected boolean bounded() {
    return false;
  }

  /** Binds the beans this command's routes call besides the app's; none by default. */
  protected void bind(Main main) {}

  @Override
  public Integer call() throws Exception {
    Main main = MarketwireMain.create(profile, routes(), overrides());
    FlowCompletion completion = bounded() ? new FlowCompletion(main::completed) : null;
    if (completion != null) {
      main.bind(FlowCompletion.BEAN, completion);
    }
    bind(main);
    try {
      main.run();
    } catch (Exception e) {
      if (refusedCredentials(e)) {
        return 1; // Camel logged the one line that names the connection; no stack trace to add
      }
      throw e;
    }
    return completion != null ? completion.exitCode(main.getExitCode()) : main.getExitCode();
  }

  private static boolean refusedCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.marketwire.app.health.CredentialsRefusedException) {
        return true;
      }
    }
    return false;
  }
}
