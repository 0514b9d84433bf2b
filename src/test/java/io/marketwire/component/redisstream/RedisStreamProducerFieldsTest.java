package io.marketwire.component.redisstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Field mapping, without Redis: the producer is created but not started. */
class RedisStreamProducerFieldsTest {

  private CamelContext context;

  @BeforeEach
  void start() {
    context = new DefaultCamelContext();
    context.start();
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private RedisStreamProducer producer(String uri) throws Exception {
    return (RedisStreamProducer)
        context.getEndpoint(uri, RedisStreamEndpoint.class).createProducer();
  }

  private Exchange exchange(Object body) {
    Exchange exchange = new DefaultExchange(context);
    exchange.getMessage().setBody(body);
    return exchange;
  }

  @Test
  void mapBodyBecomesFields() throws Exception {
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("symbol", "AAPL");
    quote.put("price", 187.5);
    quote.put("volume", 1200L);
    quote.put("skipped", null);
    Exchange ex = exchange(quote);
    assertThat(producer("redis-stream:q").fields(ex, ex.getMessage()))
        .containsExactly(
            Map.entry("symbol", "AAPL"), Map.entry("price", "187.5"), Map.entry("volume", "1200"));
  }

  @Test
  void stringAndBytesGoToTheBodyField() throws Exception {
    Exchange s = exchange("hello");
    assertThat(producer("redis-stream:q").fields(s, s.getMessage()))
        .containsExactly(Map.entry("data", "hello"));
    Exchange b = exchange("héllo".getBytes(StandardCharsets.UTF_8));
    assertThat(producer("redis-stream:q?bodyField=payload").fields(b, b.getMessage()))
        .containsExactly(Map.entry("payload", "héllo"));
  }

  @Test
  void selectedHeadersBecomeFields() throws Exception {
    Exchange ex = exchange("x");
    ex.getMessage().setHeader("symbol", "MSFT");
    ex.getMessage().setHeader("ignored", "no");
    assertThat(producer("redis-stream:q?headerFields=symbol,missing").fields(ex, ex.getMessage()))
        .containsExactly(Map.entry("data", "x"), Map.entry("symbol", "MSFT"));
  }

  @Test
  void nothingToAddFailsClearly() throws Exception {
    Exchange ex = exchange(Map.of());
    RedisStreamProducer producer = producer("redis-stream:q");
    assertThatThrownBy(() -> producer.fields(ex, ex.getMessage()))
        .hasMessageContaining("Nothing to XADD to stream q");
  }

  @Test
  void overrideIdIsUsedOnce() throws Exception {
    Exchange ex = exchange("x");
    ex.getMessage().setHeader(RedisStreamConstants.OVERRIDE_ID, "5-1");
    producer("redis-stream:q").addArgs(ex.getMessage());
    assertThat(ex.getMessage().getHeader(RedisStreamConstants.OVERRIDE_ID)).isNull();
  }

  @Test
  void entryIdMillis() {
    assertThat(StreamIds.millis("1700000000123-7")).isEqualTo(1700000000123L);
    assertThat(StreamIds.millis("bad")).isEqualTo(-1);
    assertThat(StreamIds.millis(null)).isEqualTo(-1);
  }
}
