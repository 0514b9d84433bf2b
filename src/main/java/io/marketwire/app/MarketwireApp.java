package io.marketwire.app;

import io.marketwire.config.LayeredProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * The one application. {@code run} starts every flow; any other first argument names a flow
 * that runs alone ({@code ./marketwire producer --rate 500}), the way the seeds run one
 * component per terminal. The flow commands live in {@link FlowCommands}.
 */
public final class MarketwireApp {

  private MarketwireApp() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    String profile = takeProfileFlag(rest);
    String command = rest.isEmpty() ? "run" : rest.remove(0);
    int exit = FlowCommands.execute(command, profile, rest.toArray(String[]::new));
    if (exit != 0) {
      System.exit(exit);
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
