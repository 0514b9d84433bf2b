package io.marketwire.cluster;

import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three-node cluster of {@code dev/services up --nodes 3} for the cluster tests: its settings
 * (the cluster profile), and its nodes started, stopped, SIGKILLed and asked about through the
 * same script an operator uses. Nodes are numbered 1..3 ({@code mw1@localhost} ...); the shared
 * single node ({@code rabbit@localhost}) is never touched.
 */
public final class ClusterNodes {

  public static final int NODES = 3;
  private static final String PROFILE = "cluster";

  private final BrokerSettings settings =
      BrokerSettings.from(LayeredProperties.load(Path.of("config"), PROFILE, System.getenv()));
  private final ClusterStatus status = new ClusterStatus(this::cli);

  public BrokerSettings settings() {
    return settings;
  }

  /** Starts the cluster if it is not running (and Redis); returns when every node is in it. */
  public void up() {
    services(Duration.ofMinutes(4), "up", "--nodes", String.valueOf(NODES));
  }

  void stop(int node) {
    services(Duration.ofMinutes(2), "node", "stop", String.valueOf(node));
  }

  /** Starts a stopped or killed node and waits until it accepts clients. */
  public void start(int node) {
    services(Duration.ofMinutes(3), "node", "start", String.valueOf(node));
  }

  /** SIGKILL of the node's Erlang VM: no goodbye to its peers or clients. */
  public void kill(int node) {
    services(Duration.ofSeconds(30), "node", "kill", String.valueOf(node));
  }

  /** Whether the node's VM is alive (its pid file names a live process). */
  public boolean alive(int node) {
    return run(Duration.ofSeconds(30), "node", "pid", String.valueOf(node)).exit() == 0;
  }

  static String name(int node) {
    return "mw" + node + "@localhost";
  }

  static int number(String nodeName) {
    return Integer.parseInt(nodeName.substring(2, nodeName.indexOf('@')));
  }

  /** The nodes the cluster reports running, asked of {@code askNode}. */
  List<String> runningNodes(int askNode) {
    return status.runningNodes(askNode);
  }

  /** Each member of a stream (node name), as {@code askNode} reports it. */
  Map<String, ClusterStatus.Member> streamStatus(int askNode, String stream) {
    return status.streamStatus(askNode, stream);
  }

  /** The node that leads (writes) {@code stream}, asked of {@code askNode}. */
  int leaderOf(int askNode, String stream) {
    return number(status.streamWriter(askNode, stream));
  }

  private String cli(int node, String tool, String... args) {
    List<String> command = new ArrayList<>(List.of("node", "cli", String.valueOf(node), tool));
    command.addAll(List.of(args));
    DevServices.Result result = run(Duration.ofSeconds(90), command.toArray(String[]::new));
    if (result.exit() != 0) {
      throw new IllegalStateException(tool + " on " + name(node) + " failed: " + result.output());
    }
    return result.output();
  }

  private static void services(Duration timeout, String... args) {
    DevServices.require(PROFILE, timeout, args);
  }

  private static DevServices.Result run(Duration timeout, String... args) {
    return DevServices.run(PROFILE, timeout, args);
  }
}
