package io.marketwire.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BrokerSettings settings =
      BrokerSettings.from(LayeredProperties.load(Path.of("config"), PROFILE, System.getenv()));

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
    JsonNode status = cli(askNode, "rabbitmqctl", "-q", "cluster_status", "--formatter", "json");
    List<String> nodes = new ArrayList<>();
    status.path("running_nodes").forEach(n -> nodes.add(n.asText()));
    return nodes;
  }

  /**
   * Each member of a stream (node name) with its role ({@code writer} or {@code replica}) and the
   * last offset it holds, as {@code rabbitmq-streams stream_status} reports it on {@code askNode}.
   */
  Map<String, Member> streamStatus(int askNode, String stream) {
    JsonNode rows =
        cli(askNode, "rabbitmq-streams", "-q", "stream_status", "--formatter", "json", stream);
    Map<String, Member> members = new HashMap<>();
    rows.forEach(
        row ->
            members.put(
                row.path("node").asText(),
                new Member(row.path("role").asText(), row.path("offset").asLong(-1))));
    return members;
  }

  record Member(String role, long offset) {}

  /** The node that leads (writes) {@code stream}, asked of {@code askNode}. */
  int leaderOf(int askNode, String stream) {
    return streamStatus(askNode, stream).entrySet().stream()
        .filter(e -> e.getValue().role().equals("writer"))
        .map(e -> number(e.getKey()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no writer for " + stream));
  }

  private JsonNode cli(int node, String tool, String... args) {
    List<String> command = new ArrayList<>(List.of("node", "cli", String.valueOf(node), tool));
    command.addAll(List.of(args));
    DevServices.Result result = run(Duration.ofSeconds(90), command.toArray(String[]::new));
    if (result.exit() != 0) {
      throw new IllegalStateException(tool + " on " + name(node) + " failed: " + result.output());
    }
    try {
      return JSON.readTree(result.output());
    } catch (IOException e) {
      throw new IllegalStateException(tool + " answered no JSON: " + result.output(), e);
    }
  }

  private static void services(Duration timeout, String... args) {
    DevServices.require(PROFILE, timeout, args);
  }

  private static DevServices.Result run(Duration timeout, String... args) {
    return DevServices.run(PROFILE, timeout, args);
  }
}
