package io.marketwire.component.redisstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** Component options set the Camel Main way, as application.properties would. */
class RedisStreamMainPropertiesTest {

  @Test
  void componentOptionsFromMainProperties() throws Exception {
    Main main = new Main();
    main.addInitialProperty("camel.component.redis-stream.host", "redis.internal");
    main.addInitialProperty("camel.component.redis-stream.port", "6390");
    main.addInitialProperty("camel.component.redis-stream.password", "from-props");
    main.addInitialProperty("camel.component.redis-stream.tls", "true");
    main.addInitialProperty("camel.component.redis-stream.database", "3");
    main.start();
    try {
      RedisStreamComponent component =
          main.getCamelContext().getComponent("redis-stream", RedisStreamComponent.class);
      assertThat(component.getConfiguration().getHost()).isEqualTo("redis.internal");
      assertThat(component.getConfiguration().getPort()).isEqualTo(6390);
      assertThat(component.getConfiguration().getPassword()).isEqualTo("from-props");
      assertThat(component.getConfiguration().isTls()).isTrue();
      assertThat(component.getConfiguration().getDatabase()).isEqualTo(3);
      // and endpoints inherit them, still overridable per endpoint
      RedisStreamConfiguration c =
          main.getCamelContext()
              .getEndpoint("redis-stream:q?port=7000", RedisStreamEndpoint.class)
              .getConfiguration();
      assertThat(c.getHost()).isEqualTo("redis.internal");
      assertThat(c.getPassword()).isEqualTo("from-props");
      assertThat(c.getPort()).isEqualTo(7000);
      assertThat(c.getDatabase()).isEqualTo(3);
    } finally {
      main.stop();
    }
  }
}
