package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.Producer;
import io.marketwire.component.stream.RabbitMqStreamConsumer;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tape, archive and filtered consumers of routes/market-data/consumers/consumers.camel.yaml in batch
 * mode: the archive route sees every tick once, in stream order, in batches; while the route
 * fails on a batch the consumer stores no later offset, and once the route succeeds it processes
 * that batch again from its first tick and stores the last offset it finished.
 */
class BatchingConsumersIT {

  private static final int TICKS = 1_000;
  private static final int BATCH = 100;

  private final String id = "perf-" + UUID.randomUUID().toString().substring(0, 8);
  private final String stream = "it-bcons-" + id;
  private final String errors = "it-bcons-errors-" + id;
  private final BrokerAdmin admin = new BrokerAdmin();

  @AfterEach
  void tearDown() {
    admin.deleteStreams(stream, errors);
    admin.close();
  }

  @Test
  void batchesKeepStreamOrderAndTheOffsetIsStoredOnlyAfterTheRouteSucceeded() throws Exception {
    admin.environment().streamCreator().stream(stream).create();
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", errors);
    o.put("marketwire.consumers.filtered-symbols", "AZO");
    o.put("marketwire.consumers.batch-size", Integer.toString(BATCH));
    o.put("marketwire.consumers.batch-timeout", "50ms");
    AtomicBoolean failing = new AtomicBoolean(false);
    AtomicInteger attempts = new AtomicInteger();
    List<Long> finished = new CopyOnWriteArrayList<>();
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    // the archive route's consumerActivity step wrapped: while failing is set it fails before the
    // step, and what the step finished is collected after it
    InterceptStrategy failingThenCollecting =
        (ctx, definition, target, next) -> {
          if (!(definition instanceof BeanDefinition bean)
              || !"consumerActivity".equals(bean.getRef())
              || !"market-data-archive".equals(ProcessorDefinitionHelper.getRoute(bean).getRouteId())) {
            return target;
          }
          return exchange -> {
            attempts.incrementAndGet();
            if (failing.get()) {
              throw new IllegalStateException("injected failure of the route");
            }
            target.process(exchange);
            TickBatch batch = exchange.getMessage().getBody(TickBatch.class);
            batchSizes.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
              finished.add(batch.offset(i));
            }
          };
        };
    try (RunningApp app =
        RunningApp.start(
            io.marketwire.app.Flows.routes("market-data/consumers"),
            o,
            main ->
                main.addMainListener(
                    new MainListenerSupport() {
                      @Override
                      public void beforeConfigure(BaseMainSupport m) {
                        m.getCamelContext().getCamelContextExtension().addInterceptStrategy(failingThenCollecting);
                      }
                    }))) {
      RabbitMqStreamConsumer archive =
          (RabbitMqStreamConsumer) app.context().getRoute("market-data-archive").getConsumer();

      ConsumerActivity activity =
          app.context().getRegistry().lookupByNameAndType("consumerActivity", ConsumerActivity.class);
      publish(TICKS);
      await().atMost(Duration.ofSeconds(60)).until(() -> finished.size() >= TICKS);
      long firstRunLast = finished.get(TICKS - 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> archive.storedOffset() == firstRunLast);

      // the route fails on the next batch: it is tried again, nothing more is finished or stored
      failing.set(true);
      int attemptsBefore = attempts.get();
      publish(TICKS);
      await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() >= attemptsBefore + 2);
      assertThat(finished).hasSize(TICKS);
      assertThat(archive.storedOffset()).isEqualTo(firstRunLast);
      assertThat(activity.count("archive")).isEqualTo(TICKS);

      // then it succeeds: every tick once, in stream order, from the failed batch's first tick on
      failing.set(false);
      await().atMost(Duration.ofSeconds(60)).until(() -> finished.size() >= 2 * TICKS);
      // stream order, each tick once (offsets need not be contiguous: the broker's own entries
      // between the two publishes take offsets too)
      assertThat(finished).hasSize(2 * TICKS).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
      assertThat(batchSizes).allMatch(n -> n <= BATCH);
      assertThat(batchSizes.size()).isLessThan(TICKS);
      long secondRunLast = finished.get(2 * TICKS - 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> archive.storedOffset() == secondRunLast);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(activity.count("archive")).isEqualTo(2 * TICKS);
                assertThat(activity.count("filtered")).isEqualTo(TICKS);
              });
      assertThat(activity.snapshot().get("archive").get("last_offset")).isEqualTo(secondRunLast);
      assertThat(activity.snapshot().get("filtered").get("top_symbols")).isEqualTo(List.of("AZO"));
    }
  }

  private void publish(int ticks) throws Exception {
    MarketDataCodec codec = new MarketDataCodec();
    CountDownLatch confirmed = new CountDownLatch(ticks);
    try (Producer producer = admin.environment().producerBuilder().stream(stream).build()) {
      for (int i = 0; i < ticks; i++) {
        String symbol = i % 2 == 0 ? "AZO" : "LII";
        MarketData tick =
            new MarketData(symbol, 99.9, 10, 100.1, 10, 100.0, 10, 1000 + i, System.currentTimeMillis() * 1_000_000L, "NYSE", i);
        producer.send(producer.messageBuilder().addData(codec.encodeBinary(tick)).build(), s -> confirmed.countDown());
      }
      assertThat(confirmed.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
