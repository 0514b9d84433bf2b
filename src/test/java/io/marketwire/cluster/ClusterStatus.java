package io.marketwire.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node's RabbitMQ CLI says about the cluster, parsed from its JSON: the running nodes, the
 * partitions it reports, a stream's members and a quorum queue's leader. The cluster of {@code
 * dev/services up --nodes 3} and the network lab run the same tools in different ways (the lab's
 * inside the node's namespace), so each gives its own way to run one.
 */
final class ClusterStatus {

  /** Runs a CLI tool against node {@code node} and returns its standard output, or throws. */
  @FunctionalInterface
  interface Cli {
    String run(int node, String tool, String... args);
  }

  /** A stream member as {@code stream_status} reports it: {@code writer} or {@code replica}, and its last offset. */
  record Member(String role, long offset) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli;

  ClusterStatus(Cli cli) {
    this.cli = cli;
  }

  /** {@code rabbitmqctl cluster_status}, asked of {@code askNode}. */
  JsonNode clusterStatus(int askNode) {
    return json(askNode, "rabbitmqctl", "-q", "cluster_status", "--formatter", "json");
  }

  /** The nodes {@code askNode} sees running. */
  List<String> runningNodes(int askNode) {
    List<String> nodes = new ArrayList<>();
    clusterStatus(askNode).path("running_nodes").forEach(n -> nodes.add(n.asText()));
    return nodes;
  }

  /** Whether {@code askNode} reports no network partition. */
  boolean noPartitions(int askNode) {
    return clusterStatus(askNode).path("partitions").isEmpty();
  }

  /** Each member (node name) of {@code stream}, from {@code rabbitmq-streams stream_status}. */
  Map<String, Member> streamStatus(int askNode, String stream) {
    Map<String, Member> members = new HashMap<>();
    json(askNode, "rabbitmq-streams", "-q", "stream_status", "--formatter", "json", stream).forEach(
        row -> members.put(row.path("node").asText(), new Member(row.path("role").asText(), row.path("offset").asLong(-1))));
    return members;
  }

  /** The node name that writes {@code stream}. */
  String streamWriter(int askNode, String stream) {
    return streamStatus(askNode, stream).entrySet().stream()
        .filter(e -> e.getValue().role().equals("writer"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no writer for " + stream + " seen from node " + askNode));
  }

  /**
   * The node name that leads quorum queue {@code queue}, from {@code rabbitmq-queues
   * quorum_status} (list_queues would need other nodes to call the CLI back, which the lab's
   * namespaces do not allow).
   */
  String quorumLeader(int askNode, String queue) {
    for (JsonNode member : json(askNode, "rabbitmq-queues", "-q", "quorum_status", queue, "--formatter", "json")) {
      if (member.path("Raft State").asText().equals("leader")) {
        return member.path("Node Name").asText();
      }
    }
    throw new IllegalStateException("no leader of " + queue + " seen from node " + askNode);
  }

  private JsonNode json(int node, String tool, String... args) {
    String out = cli.run(node, tool, args);
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new IllegalStateException(tool + " answered no JSON: " + out, e);
    }
  }
}
