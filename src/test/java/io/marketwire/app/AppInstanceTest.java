package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppInstanceTest {

  @Test
  void aTakenPortMovesAnUnnamedProcessToTheNextFreeOne() throws Exception {
    try (ServerSocket taken = listening()) {
      Map<String, String> settings = settings(taken.getLocalPort());
      Map<String, String> out = AppInstance.overrides(settings::get);
      int chosen = Integer.parseInt(out.get("camel.server.port"));
      assertThat(chosen).isGreaterThan(taken.getLocalPort()).isLessThanOrEqualTo(taken.getLocalPort() + 20);
      assertThat(out).containsEntry("camel.management.port", out.get("camel.server.port"));
      assertThat(out).doesNotContainKey("camel.main.name");
    }
  }

  @Test
  void aFreePortIsKept() throws Exception {
    int port;
    try (ServerSocket probe = listening()) {
      port = probe.getLocalPort();
    }
    assertThat(AppInstance.overrides(settings(port)::get)).containsEntry("camel.server.port", Integer.toString(port));
  }

  @Test
  void aNamedInstanceGetsItsNamesAndItsOwnPortWhichMustBeFree() throws Exception {
    try (ServerSocket taken = listening()) {
      Map<String, String> settings = settings(8080);
      settings.put("marketwire.instance", "b");
      settings.put("marketwire.instance.b.http-port", Integer.toString(taken.getLocalPort()));
      assertThatThrownBy(() -> AppInstance.overrides(settings::get))
          .hasMessageContaining("instance b")
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
      settings.put("camel.server.enabled", "false");
      assertThat(AppInstance.overrides(settings::get))
          .containsEntry("camel.main.name", "marketwire-b")
          .containsEntry("camel.component.redis-stream.consumer-name", "b")
          .containsEntry("marketwire.orders.worker.id", "b")
          .doesNotContainKey("camel.server.port");
    }
  }

  @Test
  void aConfiguredWorkerIdIsKept() {
    Map<String, String> settings = settings(8080);
    settings.put("camel.server.enabled", "false");
    settings.put("marketwire.instance", "b");
    settings.put("marketwire.orders.worker.id", "W1");
    assertThat(AppInstance.overrides(settings::get)).doesNotContainKey("marketwire.orders.worker.id");
  }

  private static Map<String, String> settings(int port) {
    Map<String, String> settings = new HashMap<>();
    settings.put("camel.server.enabled", "true");
    settings.put("camel.server.host", "127.0.0.1");
    settings.put("camel.server.port", Integer.toString(port));
    settings.put("marketwire.instance.port-search", "20");
    return settings;
  }

  private static ServerSocket listening() throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    return socket;
  }
}
