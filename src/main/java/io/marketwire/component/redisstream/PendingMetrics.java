package io.marketwire.component.redisstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the pending gauges in a Micrometer registry when one is bound in Camel's registry.
 * Micrometer stays optional: its classes are touched only after checking they are present.
 */
final class PendingMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(PendingMetrics.class);
  static final String PENDING = "redis.stream.pending";
  static final String OLDEST_IDLE = "redis.stream.pending.oldest.idle";
  static final String LAG = "redis.stream.lag";

  private PendingMetrics() {}

  /** Returns what removes the gauges again, or null when there is no registry (yet). */
  static AutoCloseable register(
      CamelContext context, PendingMonitor monitor, String stream, String group) {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
    } catch (ClassNotFoundException e) {
      return () -> {}; // no Micrometer at all: never look again
    }
    return Micrometer.register(context, monitor, stream, group);
  }

  /** Separate class so nothing Micrometer is loaded unless the check above passed. */
  private static final class Micrometer {
    static AutoCloseable register(
        CamelContext context, PendingMonitor monitor, String stream, String group) {
      Set<io.micrometer.core.instrument.MeterRegistry> registries =
          context.getRegistry().findByType(io.micrometer.core.instrument.MeterRegistry.class);
      if (registries.isEmpty()) {
        LOG.debug("No MeterRegistry in the Camel registry (yet): pending gauges only as getters");
        return null;
      }
      List<Runnable> removals = new ArrayList<>();
      for (io.micrometer.core.instrument.MeterRegistry registry : registries) {
        // strong references: Micrometer keeps gauge targets weakly by default
        io.micrometer.core.instrument.Gauge pending =
            io.micrometer.core.instrument.Gauge.builder(PENDING, monitor, m -> m.getPendingCount())
                .description("Entries delivered to the group and not yet acknowledged")
                .tag("stream", stream)
                .tag("group", group)
                .strongReference(true)
                .register(registry);
        io.micrometer.core.instrument.Gauge idle =
            io.micrometer.core.instrument.Gauge.builder(
                    OLDEST_IDLE, monitor, m -> m.getOldestIdleMillis())
                .description("Milliseconds since the oldest pending entry was last delivered")
                .baseUnit("milliseconds")
                .tag("stream", stream)
                .tag("group", group)
                .strongReference(true)
                .register(registry);
        io.micrometer.core.instrument.Gauge lag =
            io.micrometer.core.instrument.Gauge.builder(LAG, monitor, m -> m.getLag())
                .description("Entries not yet delivered to the group (-1: unknown)")
                .tag("stream", stream)
                .tag("group", group)
                .strongReference(true)
                .register(registry);
        removals.add(
            () -> {
              registry.remove(pending);
              registry.remove(idle);
              registry.remove(lag);
            });
      }
      return () -> removals.forEach(Runnable::run);
    }
  }
}
