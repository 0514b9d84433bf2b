package io.marketwire.dataplane;

import io.marketwire.app.FlowCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./marketwire mdl|mdp|wds|scp}: one component of the data plane per process. */
public final class DataplaneCommands {

  private DataplaneCommands() {}

  @Command(name = "mdl", mixinStandardHelpOptions = true,
      description = "Market data listener: the upstream WebSocket -> MDQ (and the local upstream server unless --no-local-upstream).")
  public static final class Mdl extends FlowCommand {
    @Option(names = "--speed", description = "Replay speed of the local upstream server: 1 (real time), 60, max.")
    String speed;

    @Option(names = "--subscriptions", description = "Upstream subscription, e.g. T.*,Q.AZO.")
    String subscriptions;

    @Option(names = "--no-local-upstream", description = "Do not start the local upstream server (use marketwire.upstream.url).")
    boolean noLocalUpstream;

    @Override
    protected String routes() {
      return "file:routes/dataplane/mdl.camel.yaml";
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = super.overrides();
      put(o, "marketwire.upstream.server.speed", speed);
      put(o, "marketwire.upstream.subscriptions", subscriptions);
      if (noLocalUpstream) {
        o.put("marketwire.upstream.server.enabled", "false");
      }
      o.putAll(listenerOverrides());
      return o;
    }

    /**
     * One exchange per event: Camel's per-exchange bookkeeping (Micrometer route policy and
     * exchange notifier, JMX performance counters) costs several times the publish itself (see
     * docs/benchmarks.md), so the listener runs without it; its own counters stay in
     * /observe/metrics and the routes' health in /observe/health.
     */
    public static Map<String, String> listenerOverrides() {
      return Map.of(
          "camel.metrics.enable-route-policy", "false",
          "camel.metrics.enable-exchange-event-notifier", "false",
          "camel.main.jmx-enabled", "false");
    }
  }

  @Command(name = "mdp", mixinStandardHelpOptions = true,
      description = "Market data processors: MDQ queues -> trades, quotes, bars, scanner -> MDC (Redis).")
  public static final class Mdp extends FlowCommand {
    @Override
    protected String routes() {
      return "file:routes/dataplane/mdp.camel.yaml";
    }
  }

  @Command(name = "wds", mixinStandardHelpOptions = true,
      description = "WebSocket data service: MDC snapshots and pub/sub -> clients on /ws/data.")
  public static final class Wds extends FlowCommand {
    @Override
    protected String routes() {
      return "file:routes/dataplane/wds.camel.yaml";
    }
  }

  @Command(name = "scp", mixinStandardHelpOptions = true,
      description = "Service control plane: log-in and the operator REST API under /api.")
  public static final class Scp extends FlowCommand {
    @Override
    protected String routes() {
      return "file:routes/dataplane/scp.camel.yaml";
    }
  }
}
