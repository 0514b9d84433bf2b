package io.marketwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A route that names a companion as its route policy brings it along; no route id is looked up. */
class RouteCompanionTest {

  private final List<String> events = new ArrayList<>();

  @Test
  void theActionRunsOnceWhenTheRouteThatNamesItStartsAgainAfterAReload() throws Exception {
    RouteCompanion companion = RouteCompanion.onStart(context -> events.add("started"));
    try (CamelContext context = new DefaultCamelContext()) {
      context.getRegistry().bind("companion", companion);
      context.addRoutes(route("served", "companion"));
      context.addRoutes(route("other", null));
      assertThat(companion.loaded()).isFalse();
      context.start();

      assertThat(events).containsExactly("started");
      assertThat(companion.route()).hasValueSatisfying(r -> assertThat(r.getRouteId()).isEqualTo("served"));

      // a reload: the route goes and comes back
      context.getRouteController().stopRoute("served");
      context.removeRoute("served");
      assertThat(companion.loaded()).isFalse();
      context.addRoutes(route("served", "companion"));
      assertThat(companion.loaded()).isTrue();
      assertThat(events).hasSize(1);
    }
  }

  @Test
  void aMarkerIsLoadedOnceCamelHasCreatedTheRouteBeforeItStarts() throws Exception {
    RouteCompanion companion = RouteCompanion.marker();
    try (CamelContext context = new DefaultCamelContext()) {
      context.getRegistry().bind("companion", companion);
      context.setAutoStartup(false);
      context.addRoutes(route("served", "companion"));
      context.start();

      assertThat(context.getRouteController().getRouteStatus("served").isStarted()).isFalse();
      assertThat(companion.loaded()).isTrue();
    }
  }

  @Test
  void withoutARouteThatNamesItNothingRuns() throws Exception {
    RouteCompanion companion = RouteCompanion.onStart(context -> events.add("started"));
    try (CamelContext context = new DefaultCamelContext()) {
      context.getRegistry().bind("companion", companion);
      context.addRoutes(route("other", null));
      context.start();

      assertThat(events).isEmpty();
      assertThat(companion.loaded()).isFalse();
    }
  }

  private static RouteBuilder route(String id, String policy) {
    return new RouteBuilder() {
      @Override
      public void configure() {
        var route = from("direct:" + id).routeId(id);
        if (policy != null) {
          route.routePolicyRef(policy);
        }
        route.log("${body}");
      }
    };
  }
}
