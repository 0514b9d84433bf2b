package io.marketwire.component.redisstream.integration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.component.redisstream.RedisStreamComponent;
import io.marketwire.config.BrokerSettings;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Points the component at the project's Redis (config/application*.properties), gives each test its
 * own stream name, and deletes every key of that stream afterwards.
 */
abstract class RedisStreamITSupport {

  protected static final BrokerSettings SETTINGS = BrokerServices.get().settings();

  protected String stream;
  protected RedisCommands<String, String> redis;
  private RedisClient adminClient;
  private StatefulRedisConnection<String, String> adminConnection;
  private final List<CamelContext> contexts = new ArrayList<>();

  @BeforeEach
  void setUpRedis(TestInfo info) {
    stream =
        "it:"
            + getClass().getSimpleName()
            + ":"
            + info.getTestMethod().map(m -> m.getName()).orElse("t")
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);
    RedisURI uri = SETTINGS.redisURI();
    uri.setTimeout(Duration.ofSeconds(10));
    adminClient = RedisClient.create(uri);
    adminConnection = adminClient.connect();
    redis = adminConnection.sync();
  }

  @AfterEach
  void tearDownRedis() {
    for (CamelContext context : contexts) {
      context.stop();
    }
    contexts.clear();
    RedisKeys.deleteStartingWith(redis, stream);
    adminConnection.close();
    adminClient.shutdown();
  }

  /** A started Camel context whose redis-stream component points at the test Redis. */
  protected CamelContext startContext(RouteBuilder routes) throws Exception {
    return startContext(routes, c -> {});
  }

  /** Same, with a chance to bind beans before the start. */
  protected CamelContext startContext(
      RouteBuilder routes, java.util.function.Consumer<CamelContext> beforeStart) throws Exception {
    CamelContext context = new DefaultCamelContext();
    beforeStart.accept(context);
    RedisStreamComponent component = new RedisStreamComponent();
    component.getConfiguration().setHost(SETTINGS.redisHost());
    component.getConfiguration().setPort(SETTINGS.redisPort());
    component.getConfiguration().setPassword(SETTINGS.redisPassword());
    component.getConfiguration().setTls(SETTINGS.redisTls());
    context.addComponent("redis-stream", component);
    context.addRoutes(routes);
    contexts.add(context);
    context.start();
    return context;
  }

  /** A started context with one route: this test's stream, with these options, to the processor. */
  protected CamelContext startRoute(String options, Processor processor) throws Exception {
    String from = uri(options);
    return startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from).process(processor);
          }
        });
  }

  /** Stops a context now (the "crash" of a consumer, from Redis' point of view). */
  protected void stopContext(CamelContext context) {
    context.stop();
    contexts.remove(context);
  }

  protected String uri(String options) {
    return "redis-stream:" + stream + (options.isEmpty() ? "" : "?" + options);
  }

  /** Pending entries of the group; -1 while the consumer has not created the group yet. */
  protected long pending(String group) {
    try {
      return redis.xpending(stream, group).getCount();
    } catch (io.lettuce.core.RedisCommandExecutionException e) {
      if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
        return -1; // consumers create their group on their first read, after the route started
      }
      throw e;
    }
  }
}
