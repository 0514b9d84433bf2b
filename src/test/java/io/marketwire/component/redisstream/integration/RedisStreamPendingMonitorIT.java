package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.redisstream.RedisStreamConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

class RedisStreamPendingMonitorIT extends RedisStreamITSupport {

  @Test
  void pendingCountAndOldestIdleAsGettersAndGauges() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String from =
        uri(
            "group=g&startId=0&block=100&minIdleTime=10m&maxDeliveries=0"
                + "&monitorInterval=200&pendingWarnThreshold=5");
    CamelContext context =
        startContext(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(from).routeId("stuck").throwException(new IllegalStateException("stuck"));
              }
            },
            c -> c.getRegistry().bind("meters", meters));
    for (int i = 0; i < 10; i++) {
      redis.xadd(stream, Map.of("n", "" + i));
    }
    RedisStreamConsumer consumer = (RedisStreamConsumer) context.getRoute("stuck").getConsumer();
    // the same values as attributes of Camel's JMX consumer MBean
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jmx
                    .queryNames(
                        new ObjectName(
                            "org.apache.camel:context="
                                + context.getManagementName()
                                + ",type=consumers,*"),
                        null)
                    .stream()
                    .anyMatch(n -> pendingAttribute(jmx, n) == 10L));
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getPendingCount() == 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getOldestPendingIdleMillis() > 0);
    // everything was delivered (and is pending): no backlog
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getLag() == 0);

    Gauge pending =
        meters.find("redis.stream.pending").tag("stream", stream).tag("group", "g").gauge();
    Gauge idle =
        meters
            .find("redis.stream.pending.oldest.idle")
            .tag("stream", stream)
            .tag("group", "g")
            .gauge();
    assertThat(pending).isNotNull();
    assertThat(pending.value()).isEqualTo(10.0);
    assertThat(idle.value()).isPositive();
    assertThat(
            meters.find("redis.stream.lag").tag("stream", stream).tag("group", "g").gauge().value())
        .isZero();

    // gauges go away with the consumer
    stopContext(context);
    assertThat(meters.find("redis.stream.pending").tag("stream", stream).gauge()).isNull();
  }

  private static long pendingAttribute(MBeanServer jmx, ObjectName name) {
    try {
      return (Long) jmx.getAttribute(name, "PendingCount");
    } catch (Exception e) {
      return -2;
    }
  }

  @Test
  void warnsAbovePendingThreshold() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Logger monitorLog =
        (Logger) LogManager.getLogger("io.marketwire.component.redisstream.PendingMonitor");
    AbstractAppender appender =
        new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            if (event.getLevel() == Level.WARN) {
              warnings.add(event.getMessage().getFormattedMessage());
            }
          }
        };
    appender.start();
    monitorLog.addAppender(appender);
    monitorLog.setLevel(Level.INFO);
    try {
      String from =
          uri(
              "group=g&startId=0&block=100&minIdleTime=10m&maxDeliveries=0"
                  + "&monitorInterval=200&pendingWarnThreshold=3");
      startContext(
          new RouteBuilder() {
            @Override
            public void configure() {
              from(from).throwException(new IllegalStateException("stuck"));
            }
          });
      for (int i = 0; i < 3; i++) {
        redis.xadd(stream, Map.of("n", "" + i));
      }
      // at the threshold: no warning yet
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(3))
          .until(() -> warnings.stream().noneMatch(w -> w.contains(stream)));
      redis.xadd(stream, Map.of("n", "3"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  warnings.stream()
                      .anyMatch(
                          w ->
                              w.contains(stream) && w.contains("4 entries pending (threshold 3)")));
      // repeated at most once a minute, not at every check
      await()
          .during(Duration.ofMillis(1000))
          .atMost(Duration.ofSeconds(3))
          .until(() -> warnings.stream().filter(w -> w.contains(stream)).count() == 1);
    } finally {
      monitorLog.removeAppender(appender);
      appender.stop();
    }
  }
}
