package io.marketwire.cluster;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.stream.BackOffDelayPolicy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import io.marketwire.config.LayeredProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The network-partition lab of {@code dev/services netlab}: three RabbitMQ nodes, each in a network
 * namespace the lab creates for itself and removes at {@link #down()}, joined by a bridge on
 * loopback-range addresses (node i on {@code NETWORK.i}, {@code marketwire.services.netlab.network}).
 * {@link #cut(int)} takes a node's link down, so its sockets to the others and to this JVM stop
 * carrying packets, as a pulled cable would; {@link #heal(int)} brings it back.
 */
final class NetworkLab {

  static final int NODES = 3;

  private final LayeredProperties config =
      LayeredProperties.load(Path.of("config"), LayeredProperties.activeProfile(System.getenv()), System.getenv());
  private final String network = config.require("marketwire.services.netlab.network");

  void up() {
    services(Duration.ofMinutes(4), "up");
  }

  void down() {
    services(Duration.ofMinutes(2), "down");
  }

  void cut(int node) {
    services(Duration.ofSeconds(30), "cut", String.valueOf(node));
  }

  void heal(int node) {
    services(Duration.ofSeconds(30), "heal", String.valueOf(node));
  }

  String address(int node) {
    return network + "." + node;
  }

  static String name(int node, String address) {
    return "mwlab" + node + "@" + address;
  }

  String name(int node) {
    return name(node, address(node));
  }

  /**
   * A RabbitMQ CLI tool run against {@code node} inside its own namespace (so it answers while the
   * node is cut off); its standard output, or an exception with what it said.
   */
  String cli(int node, String tool, String... args) {
    List<String> command = new ArrayList<>(List.of("cli", String.valueOf(node), tool));
    command.addAll(List.of(args));
    return DevServices.require(config.profile(), Duration.ofSeconds(60), netlab(command.toArray(String[]::new)));
  }

  /** An AMQP connection to one node, without automatic recovery (the tests decide what to retry). */
  Connection connect(int node, String clientName) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(address(node));
    factory.setPort(port("marketwire.services.amqp-port"));
    factory.setUsername(config.require("marketwire.rabbitmq.username"));
    factory.setPassword(config.require("marketwire.rabbitmq.password"));
    factory.setVirtualHost(config.require("marketwire.rabbitmq.virtual-host"));
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    return factory.newConnection(clientName);
  }

  /**
   * A stream environment that knows the given nodes. Its heartbeat is short, because a cut link
   * sends no reset: without heartbeats the client would wait on a dead connection for a minute.
   */
  Environment streams(int... nodes) {
    int port = port("marketwire.services.stream-port");
    // every node advertises its own lab address, so the client reaches leaders and replicas as named
    EnvironmentBuilder builder =
        Environment.builder()
            .uris(IntStream.of(nodes).mapToObj(n -> "rabbitmq-stream://" + address(n) + ":" + port).toList())
            .username(config.require("marketwire.rabbitmq.username"))
            .password(config.require("marketwire.rabbitmq.password"))
            .virtualHost(config.require("marketwire.rabbitmq.virtual-host"))
            .requestedHeartbeat(Duration.ofSeconds(5))
            .recoveryBackOffDelayPolicy(BackOffDelayPolicy.fixed(Duration.ofSeconds(1)))
            .topologyUpdateBackOffDelayPolicy(BackOffDelayPolicy.fixed(Duration.ofSeconds(1)));
    return builder.build();
  }

  private int port(String key) {
    return Integer.parseInt(config.require(key));
  }

  private void services(Duration timeout, String... args) {
    DevServices.require(config.profile(), timeout, netlab(args));
  }

  private static String[] netlab(String... args) {
    List<String> command = new ArrayList<>(List.of("netlab"));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }
}
