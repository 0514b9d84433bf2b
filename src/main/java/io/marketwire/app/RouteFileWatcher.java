package io.marketwire.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reloads route files while the app runs: an edited or added file replaces its routes, a deleted
 * file removes them, and a file with an error is rejected with its line and column while every
 * running route keeps running.
 *
 * <p>Why not Camel Main's own reload: with {@code routes-reload-remove-all-routes=true} one bad
 * file stops every route; with {@code false} a deleted file's routes keep running, and (checked
 * in 4.17.0) any later edit of a good file is refused as long as a bad file is in the folder,
 * because it re-parses all of them. Here each file is loaded on its own.
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
    LOG.info("Reloading route files under {} when they change", directory);
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
            load(file);
          }
        });
  }

  private void load(Path file) {
    var error = syntaxError(file);
    if (error.isPresent()) {
      LOG.warn("Rejected route file {}: {}. The routes already running keep running.", relative(file), error.get());
      return;
    }
    Set<String> before = routesOf(file).stream().map(Route::getRouteId).collect(Collectors.toSet());
    try {
      Resource resource = ResourceHelper.resolveMandatoryResource(camelContext, "file:" + file);
      Set<String> after = PluginHelper.getRoutesLoader(camelContext).updateRoutes(resource);
      for (String stale : before) {
        if (!after.contains(stale)) {
          camelContext.getRouteController().stopRoute(stale);
          camelContext.removeRoute(stale);
        }
      }
      LOG.info("Loaded route file {}: routes {}", relative(file), after);
    } catch (Exception e) {
      LOG.warn("Rejected route file {}: {}. The routes already running keep running.", relative(file), rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
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
    for (Route route : routesOf(file)) {
      try {
        camelContext.getRouteController().stopRoute(route.getRouteId());
        camelContext.removeRoute(route.getRouteId());
        LOG.info("Route file {} was deleted: removed route {}", relative(file), route.getRouteId());
      } catch (Exception e) {
        LOG.warn("Could not remove route {} of deleted file {}: {}", route.getRouteId(), relative(file), e.getMessage(), e);
      }
    }
  }

  private List<Route> routesOf(Path file) {
    return camelContext.getRoutes().stream().filter(r -> cameFrom(r, file)).toList();
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
