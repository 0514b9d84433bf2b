package io.marketwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster profile alone moves every client to the three nodes; without it, one node. */
class ClusterProfileTest {

  private static BrokerSettings settings(String profile) {
    return BrokerSettings.from(LayeredProperties.load(Path.of("config"), profile, Map.of()));
  }

  @Test
  void theClusterProfileNamesEveryNodeForAmqpAndStreams() {
    BrokerSettings cluster = settings("cluster");
    assertThat(cluster.cluster()).isTrue();
    assertThat(cluster.amqpAddressList())
        .isEqualTo("127.0.0.1:5673,127.0.0.1:5674,127.0.0.1:5675");
    assertThat(cluster.streamUris())
        .containsExactly(
            "rabbitmq-stream://127.0.0.1:5553",
            "rabbitmq-stream://127.0.0.1:5554",
            "rabbitmq-stream://127.0.0.1:5555");
    assertThat(cluster.toString()).contains("nodes=").doesNotContain(cluster.rabbitPassword());
  }

  @Test
  void withoutItTheAppStaysOnOneNode() {
    BrokerSettings single = settings("dev");
    assertThat(single.cluster()).isFalse();
    assertThat(single.amqpAddressList()).isEqualTo("localhost:5672");
    assertThat(single.streamUris()).isEmpty();
  }

  @Test
  void anEnvironmentVariableCanNameOtherNodes() {
    BrokerSettings moved =
        BrokerSettings.from(
            LayeredProperties.load(
                Path.of("config"),
                "cluster",
                Map.of("MARKETWIRE_RABBITMQ_ADDRESSES", "127.0.0.2:5672, 127.0.0.3:5672")));
    assertThat(moved.amqpAddresses()).containsExactly("127.0.0.2:5672", "127.0.0.3:5672");
  }
}
