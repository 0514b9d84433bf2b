package io.marketwire;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the packages of the production code may depend on each other (issue 16: "no package
 * cycles"). The unit is a top-level package, {@code io.marketwire.X} with its sub-packages.
 * Dependencies are ArchUnit's: imports, calls, fields, signatures and annotation values (so a
 * {@code @Command(subcommands = X.class)} counts, which {@code jdeps} does not see).
 */
class ArchitectureTest {

  private static final String ROOT = "io.marketwire";

  /**
   * What {@code io.marketwire.component} uses of the rest of the app today: the TLS and broker
   * settings of {@code io.marketwire.config}. Frozen here for the components' own module (issue
   * 16), which takes these along or receives them as options; nothing else may be added.
   */
  private static final Set<String> KNOWN_COMPONENT_DEPENDENCIES =
      Set.of("io.marketwire.config.BrokerSettings", "io.marketwire.config.TlsContexts", "io.marketwire.config.TlsSettings");

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  @Test
  void theDashboardDependsOnNoFlowOnlyOnItsPanelsInterfaceAndTheWebHub() {
    classes()
        .that()
        .resideInAPackage("io.marketwire.dashboard..")
        .should()
        .onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage("io.marketwire.dashboard..", "io.marketwire.web..")))
        .because("each flow family contributes its DashboardPanel; the dashboard reads none of their beans")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage("io.marketwire.dashboard..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.lang.reflect..")
        .because("panels are typed: no bean is reached by reflection")
        .check(production);
  }

  @Test
  void theComponentsDependOnNoOtherPackageOfTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.marketwire.component..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(ROOT + "..")
                .and(not(resideInAPackage("io.marketwire.component..")))
                .and(not(JavaClass.Predicates.belongToAnyOf(known(KNOWN_COMPONENT_DEPENDENCIES)))))
        .because("the components are Camel components usable from any route, on their way to a module of their own")
        .check(production);
  }

  /**
   * Java looks no route up by a fixed id (issue 16: "Java never branches on route ids"): a route
   * names what it needs as its policy ({@code RouteCompanion}), and a route that stops another says
   * so itself (controlbus). Ids that come from data (the control plane's API, the reloaded files)
   * are fine; a literal or a constant is what this finds.
   */
  @Test
  void noProductionJavaLooksARouteUpByAFixedId() throws IOException {
    Pattern byFixedId =
        Pattern.compile(
            "\\b(?:getRoute|startRoute|stopRoute|suspendRoute|resumeRoute|removeRoute|getRouteStatus|getManagedRoute|managedRoute)"
                + "\\(\\s*(?:\"|[A-Z][A-Z0-9_]*\\s*\\))");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (byFixedId.matcher(lines.get(i)).find()) {
            found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
          }
        }
      }
    }
    assertThat(found).as("production Java that names a route by a literal or constant id").isEmpty();
  }

  /**
   * Each component stands alone, as Camel's do: what two of them share (the readiness check of a
   * broker client) sits in {@code component.support}, as camel-support does for Camel's, never in
   * one of them for the other to use.
   */
  @Test
  void eachComponentDependsOnlyOnTheSharedSupport() {
    slices()
        .matching("io.marketwire.component.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(JavaClass.Predicates.resideInAPackage("io.marketwire.component.."), resideInAPackage("io.marketwire.component.support.."))
        .because("a component may use the shared support package, never another component")
        .check(production);
  }

  /**
   * No cycle between top-level packages: the commands live in {@code cli} (families contribute
   * theirs through {@code ContributedCommand}, found by ServiceLoader), the bounded reader sits with
   * the stream component, and a route's needs are route policies, so nothing points back.
   */
  @Test
  void noCycleBetweenTopLevelPackages() {
    Map<String, String> edges = topLevelEdges();
    Map<String, String> onCycles = new TreeMap<>();
    for (Set<String> component : stronglyConnected(edges.keySet())) {
      if (component.size() > 1) {
        edges.forEach((edge, example) -> {
          if (component.contains(from(edge)) && component.contains(to(edge))) {
            onCycles.put(edge, example);
          }
        });
      }
    }
    assertThat(onCycles).as("dependencies between top-level packages that lie on a cycle (with the class that makes each)").isEmpty();
  }

  /** {@code "a -> b"} for each dependency between two top-level packages, with one class making it. */
  private static Map<String, String> topLevelEdges() {
    Map<String, String> edges = new TreeMap<>();
    for (JavaClass c : production) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String from = topLevel(d.getOriginClass());
        String to = topLevel(d.getTargetClass());
        if (from != null && to != null && !from.equals(to)) {
          edges.putIfAbsent(from + " -> " + to, d.getOriginClass().getName() + " -> " + d.getTargetClass().getName());
        }
      }
    }
    return edges;
  }

  private static String topLevel(JavaClass c) {
    String pkg = c.getPackageName();
    if (!pkg.startsWith(ROOT + ".")) {
      return null;
    }
    int end = pkg.indexOf('.', ROOT.length() + 1);
    return end < 0 ? pkg.substring(ROOT.length() + 1) : pkg.substring(ROOT.length() + 1, end);
  }

  private static String from(String edge) {
    return edge.substring(0, edge.indexOf(" -> "));
  }

  private static String to(String edge) {
    return edge.substring(edge.indexOf(" -> ") + 4);
  }

  /** The strongly connected packages: for each, those it reaches that also reach it. */
  private static Set<Set<String>> stronglyConnected(Set<String> edges) {
    Map<String, Set<String>> out = new TreeMap<>();
    Map<String, Set<String>> in = new TreeMap<>();
    for (String e : edges) {
      out.computeIfAbsent(from(e), k -> new TreeSet<>()).add(to(e));
      in.computeIfAbsent(to(e), k -> new TreeSet<>()).add(from(e));
      out.computeIfAbsent(to(e), k -> new TreeSet<>());
      in.computeIfAbsent(from(e), k -> new TreeSet<>());
    }
    Set<Set<String>> components = new java.util.HashSet<>();
    Set<String> assigned = new TreeSet<>();
    for (String node : out.keySet()) {
      if (!assigned.contains(node)) {
        Set<String> component = reachable(node, out);
        component.retainAll(reachable(node, in));
        assigned.addAll(component);
        components.add(component);
      }
    }
    return components;
  }

  private static Set<String> reachable(String start, Map<String, Set<String>> graph) {
    Set<String> seen = new TreeSet<>(Set.of(start));
    Deque<String> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      for (String next : graph.getOrDefault(todo.pop(), Set.of())) {
        if (seen.add(next)) {
          todo.push(next);
        }
      }
    }
    return seen;
  }

  private static Class<?>[] known(Set<String> names) {
    Map<String, Class<?>> classes = new HashMap<>();
    for (String name : names) {
      try {
        classes.put(name, Class.forName(name, false, ArchitectureTest.class.getClassLoader()));
      } catch (ClassNotFoundException e) {
        throw new AssertionError("frozen component dependency " + name + " no longer exists: delete it from KNOWN_COMPONENT_DEPENDENCIES", e);
      }
    }
    return classes.values().toArray(new Class<?>[0]);
  }
}
