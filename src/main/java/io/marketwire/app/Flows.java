package io.marketwire.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runnable flows: a flow is a folder of route files, {@code routes/<family>/<flow>/}, named
 * {@code family/flow}. Conventions, so that most flows need nothing more than their folder:
 *
 * <ul>
 *   <li>a flow runs with its family's {@code common/} folder (the routes its flows share, such as
 *       the market-data error stream);
 *   <li>a family's name alone ({@code orders}) names all of its flows;
 *   <li>a flow that needs more says so in its folder's {@value #DESCRIPTOR}: {@code includes}
 *       (other flows or families, comma-separated), {@code description} (for {@code --help}), and
 *       any other key is a setting the flow runs with when it runs alone (the whole system
 *       ignores them).
 * </ul>
 */
public final class Flows {

  /** The optional descriptor of a flow folder. */
  public static final String DESCRIPTOR = "flow.properties";

  private static final String ROUTE_FILES = "*.camel.yaml";
  private static final String COMMON = "common";
  private static final String INCLUDES = "includes";
  private static final String DESCRIPTION = "description";

  private final Path root;

  public Flows(Path root) {
    this.root = root;
  }

  /** The flows under {@code routes/} of the working directory, where the app runs. */
  public static Flows inWorkingDirectory() {
    return new Flows(Path.of("routes"));
  }

  /**
   * The route files of these flows (with what they include) as a Camel include pattern, for
   * {@code camel.main.routes-include-pattern}: {@code routes("market-data/vwap")} is {@code
   * file:routes/market-data/vwap/*.camel.yaml,file:routes/market-data/common/*.camel.yaml}.
   */
  public static String routes(String... flows) {
    return inWorkingDirectory().includePattern(List.of(flows));
  }

  /** See {@link #routes(String...)}. */
  public String includePattern(List<String> flows) {
    return String.join(
        ",", folders(flows).stream().map(f -> "file:" + slashed(f.resolve(ROUTE_FILES))).toList());
  }

  /** The settings the flows' descriptors (and those they include) give, in include order. */
  public Map<String, String> settings(List<String> flows) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Path folder : folders(flows)) {
      descriptor(folder).forEach((key, value) -> {
        if (!key.equals(INCLUDES) && !key.equals(DESCRIPTION)) {
          out.put(key, value);
        }
      });
    }
    return out;
  }

  /** Every flow, {@code family/flow} with its description (blank without one), by name. */
  public Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Path family : subfolders(root)) {
      for (Path flow : subfolders(family)) {
        if (!flow.getFileName().toString().equals(COMMON)) {
          out.put(name(flow), descriptor(flow).getOrDefault(DESCRIPTION, ""));
        }
      }
    }
    return out;
  }

  private Set<Path> folders(List<String> flows) {
    Set<Path> out = new LinkedHashSet<>();
    flows.forEach(flow -> collect(flow, out));
    return out;
  }

  private void collect(String flow, Set<Path> out) {
    String name = flow.strip().replaceAll("^/+|/+$", "");
    Path folder = root.resolve(name);
    if (name.isEmpty() || !Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "no flow '" + flow + "' under " + root + "/; the flows: " + String.join(", ", all().keySet()));
    }
    if (!hasRouteFiles(folder)) { // a family: each of its flows
      subfolders(folder).forEach(sub -> collect(name(sub), out));
      return;
    }
    if (!out.add(folder)) {
      return; // already there (two flows include the same one)
    }
    Path common = folder.resolveSibling(COMMON);
    if (Files.isDirectory(common)) {
      out.add(common);
    }
    String includes = descriptor(folder).getOrDefault(INCLUDES, "");
    Arrays.stream(includes.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(s -> collect(s, out));
  }

  private String name(Path folder) {
    return slashed(root.relativize(folder));
  }

  private static Map<String, String> descriptor(Path folder) {
    Path file = folder.resolve(DESCRIPTOR);
    Map<String, String> out = new LinkedHashMap<>();
    if (Files.isRegularFile(file)) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      props.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, props.getProperty(k).strip()));
    }
    return out;
  }

  private static boolean hasRouteFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".camel.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> subfolders(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return new ArrayList<>(entries.filter(Files::isDirectory).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String slashed(Path path) {
    return path.toString().replace('\\', '/');
  }
}
