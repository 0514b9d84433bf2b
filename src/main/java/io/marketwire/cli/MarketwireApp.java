package io.marketwire.cli;

import io.marketwire.app.AppInstance;
import io.marketwire.config.LayeredProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * The one application. {@code run} starts every flow, {@code run FLOW} one folder of routes alone
 * ({@code ./marketwire run market-data/vwap --set marketwire.vwap.batch-size=500}), the way the
 * seeds run one component per terminal; the commands are in {@link FlowCommands}. {@code
 * --profile NAME} and {@code --instance NAME} work with any command.
 */
public final class MarketwireApp {

  private MarketwireApp() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    String profile = takeProfileFlag(rest);
    takeInstanceFlag(rest);
    String command = rest.isEmpty() ? "run" : rest.remove(0);
    int exit = FlowCommands.execute(command, profile, rest.toArray(String[]::new));
    // the command is over: end the process now, also when a library left a non-daemon thread
    // behind (Spring AMQP's deferred-close pool would keep the JVM up for a minute)
    System.exit(exit);
  }

  /**
   * {@code --instance NAME} (any command) names this process among the app instances ({@link
   * AppInstance}); as a system property it wins over {@code MARKETWIRE_INSTANCE} and config/.
   */
  static void takeInstanceFlag(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--instance") && i + 1 < args.size()) {
        args.remove(i);
        System.setProperty(AppInstance.NAME_KEY, args.remove(i));
        return;
      }
      if (arg.startsWith("--instance=")) {
        args.remove(i);
        System.setProperty(AppInstance.NAME_KEY, arg.substring("--instance=".length()));
        return;
      }
    }
  }

  /** {@code --profile NAME} wins over {@code MARKETWIRE_PROFILE}, which wins over {@code dev}. */
  static String takeProfileFlag(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--profile") && i + 1 < args.size()) {
        args.remove(i);
        return args.remove(i);
      }
      if (arg.startsWith("--profile=")) {
        args.remove(i);
        return arg.substring("--profile=".length());
      }
    }
    return LayeredProperties.activeProfile(System.getenv());
  }
}
