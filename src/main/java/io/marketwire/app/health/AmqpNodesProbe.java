package io.marketwire.app.health;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The AMQP probe of every configured RabbitMQ node: a fresh authenticated connection to each in
 * turn, so that on a cluster the check does not depend on one node (losing node 1 must not blind
 * it) and says which nodes answer. The broker is UP while any node accepts the credentials; a
 * refusal by any node is thrown as such (credentials are the cluster's, not a node's), and when no
 * node answers the first failure is thrown.
 */
final class AmqpNodesProbe implements Callable<String> {

  private final ConnectionFactory factory;
  private final List<Address> nodes;

  /** @param addresses {@code host:port,host:port}, as {@code marketwire.rabbitmq.addresses} */
  AmqpNodesProbe(ConnectionFactory factory, String addresses) {
    this.factory = factory;
    this.nodes = List.of(Address.parseAddresses(addresses));
  }

  @Override
  public String call() throws Exception {
    List<String> down = new ArrayList<>();
    Exception firstFailure = null;
    int up = 0;
    for (Address node : nodes) {
      // a connection of its own: the app's shared ones stay open when the password changes
      try (var connection = factory.newConnection(List.of(node), "marketwire-health")) {
        if (connection.isOpen()) {
          up++;
        } else {
          down.add(node + " closed the connection");
        }
      } catch (Exception e) {
        if (BrokerProbe.isRefusal(e)) {
          throw e;
        }
        firstFailure = firstFailure == null ? e : firstFailure;
        down.add(node + " unreachable: " + BrokerProbe.rootMessage(e));
      }
    }
    if (up == 0) {
      throw firstFailure != null ? firstFailure : new IllegalStateException(String.join("; ", down));
    }
    String open = nodes.size() == 1 ? "authenticated connection open" : "authenticated connection open on " + up + " of " + nodes.size() + " nodes";
    return down.isEmpty() ? open : open + "; " + String.join("; ", down);
  }
}
