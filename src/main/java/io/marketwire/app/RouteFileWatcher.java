package io.marketwire.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Completes Camel's route reload. Camel Main, with {@code routes-reload-remove-all-routes=false},
 * reloads an edited or added route file and keeps every route running when one file is bad, but
 * a deleted file leaves its routes running and a bad file's log line does not say where the
 * error is. This watcher removes the routes of a deleted file and names the file, line and
 * column of a YAML syntax error, so that edit, add, delete and reject-bad-file all behave.
 */
public final class RouteFileWatcher extends ServiceSupport implements CamelContextAware {

  private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);

  private final Path directory;
  private final Duration interval;
  private final Map<Path, Long> lastSeen = new HashMap<>();
  private CamelContext camelContext;
  private ScheduledExecutorService scheduler;

  public RouteFileWatcher(Path directory, Duration interval) {
    this.directory = directory.toAbsolutePath().normalize();
    this.interval = interval;
  }

  @Override
  public CamelContext getCamelContext() {
    return camelContext;
  }

  @Override
  public void setCamelContext(CamelContext camelContext) {
    this.camelContext = camelContext;
  }

  @Override
  protected void doStart() {
    lastSeen.putAll(snapshot());
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "marketwire-route-file-watcher");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Watching {} for deleted route files and YAML errors", directory);
  }

  @Override
  protected void doStop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      LOG.warn("Route file scan failed: {}", e.getMessage(), e);
    }
  }

  void scan() {
    Map<Path, Long> now = snapshot();
    for (Path gone : List.copyOf(lastSeen.keySet())) {
      if (!now.containsKey(gone)) {
        removeRoutesOf(gone);
        lastSeen.remove(gone);
      }
    }
    now.forEach(
        (file, modified) -> {
          Long before = lastSeen.put(file, modified);
          if (before == null || !before.equals(modified)) {
            syntaxError(file).ifPresent(error -> LOG.warn("Rejected route file {}: {}. The routes already running keep running.", relative(file), error));
          }
        });
  }

  /** A YAML syntax error with its line and column, or empty when the file parses. */
  static java.util.Optional<String> syntaxError(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      new Load(LoadSettings.builder().setLabel(file.toString()).build())
          .loadAllFromString(text)
          .forEach(doc -> {});
      return java.util.Optional.empty();
    } catch (MarkedYamlEngineException e) {
      String where =
          e.getProblemMark()
              .map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
              .orElse("unknown position");
      return java.util.Optional.of(where + ": " + e.getProblem());
    } catch (YamlEngineException | IOException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  private void removeRoutesOf(Path file) {
    List<Route> routes =
        camelContext.getRoutes().stream().filter(r -> cameFrom(r, file)).toList();
    for (Route route : routes) {
      try {
        camelContext.getRouteController().stopRoute(route.getRouteId());
        camelContext.removeRoute(route.getRouteId());
        LOG.info("Route file {} was deleted: removed route {}", relative(file), route.getRouteId());
      } catch (Exception e) {
        LOG.warn("Could not remove route {} of deleted file {}: {}", route.getRouteId(), relative(file), e.getMessage(), e);
      }
    }
  }

  private boolean cameFrom(Route route, Path file) {
    Resource resource = route.getSourceResource();
    if (resource == null || resource.getLocation() == null) {
      return false;
    }
    String location = resource.getLocation().replaceFirst("^file:", "");
    return Path.of(location).toAbsolutePath().normalize().equals(file);
  }

  private Map<Path, Long> snapshot() {
    Map<Path, Long> files = new HashMap<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .forEach(
              p -> {
                try {
                  files.put(p.toAbsolutePath().normalize(), Files.getLastModifiedTime(p).toMillis());
                } catch (IOException ignored) {
                  // deleted between the walk and the stat: the next scan sees it gone
                }
              });
    } catch (IOException e) {
      LOG.warn("Cannot list {}: {}", directory, e.getMessage());
    }
    return files;
  }

  private Path relative(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    return file.startsWith(cwd) ? cwd.relativize(file) : file;
  }
}
