package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.LogCapture;
import io.marketwire.testsupport.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ops change routing without a build: editing, adding and deleting a route file takes effect
 * within two seconds, and a file with a YAML error is rejected, named with its line, while
 * every running route keeps running. The files sit in flow folders ({@code family/flow/}) as in
 * routes/, and a new flow folder is picked up too.
 */
class RouteReloadIT {

  private static final Duration WITHIN = Duration.ofSeconds(2);

  @TempDir Path routes;

  @Test
  void editAddDeleteAndRejectBadFile() throws Exception {
    Path a = Files.createDirectories(routes.resolve("family/flow-a")).resolve("a.camel.yaml");
    Path b = routes.resolve("family/flow-b/b.camel.yaml"); // a folder made while the app runs
    Path c = routes.resolve("family/flow-a/c.camel.yaml");
    Files.writeString(a, timerRoute("reload-a", 1000));
    try (LogCapture log = LogCapture.of(RouteFileWatcher.class);
        RunningApp app =
            RunningApp.start(
                "file:" + routes + "/**/*.camel.yaml",
                Map.of(
                    "marketwire.routes.reload-enabled", "true",
                    "marketwire.routes.directory", routes.toString(),
                    "camel.server.enabled", "false",
                    "camel.management.enabled", "false"))) {
      var context = app.context();
      assertThat(context.getRoute("reload-a")).isNotNull();

      // edit: the route is replaced by the new definition
      Files.writeString(a, timerRoute("reload-a", 777));
      await().atMost(WITHIN).until(() -> endpointOf(app, "reload-a").contains("period=777"));

      // add
      Files.createDirectories(b.getParent());
      Files.writeString(b, timerRoute("reload-b", 1000));
      await().atMost(WITHIN).until(() -> context.getRoute("reload-b") != null);

      // a syntax error: rejected with file and line, the others keep running
      Files.writeString(
          c,
          "- route:\n    id: reload-c\n    from:\n      uri: \"timer:c\n      steps: [\n");
      await()
          .atMost(WITHIN)
          .until(() -> log.contains("Rejected route file", "c.camel.yaml", "line "));
      assertThat(context.getRoute("reload-c")).isNull();
      assertThat(context.getRouteController().getRouteStatus("reload-a")).isEqualTo(ServiceStatus.Started);
      assertThat(context.getRouteController().getRouteStatus("reload-b")).isEqualTo(ServiceStatus.Started);

      // while the bad file is there, editing a good file still takes effect
      Files.writeString(b, timerRoute("reload-b", 555));
      await().atMost(WITHIN).until(() -> endpointOf(app, "reload-b").contains("period=555"));

      // delete: its route goes, the other stays
      Files.delete(a);
      await().atMost(WITHIN).until(() -> context.getRoute("reload-a") == null);
      assertThat(context.getRouteController().getRouteStatus("reload-b")).isEqualTo(ServiceStatus.Started);
    }
  }

  private static String endpointOf(RunningApp app, String routeId) {
    var route = app.context().getRoute(routeId);
    return route == null ? "" : route.getEndpoint().getEndpointUri();
  }

  private static String timerRoute(String id, int period) {
    return "- route:\n"
        + "    id: " + id + "\n"
        + "    from:\n"
        + "      uri: \"timer:" + id + "?period=" + period + "\"\n"
        + "      steps:\n"
        + "        - log: \"tick ${routeId}\"\n";
  }
}
