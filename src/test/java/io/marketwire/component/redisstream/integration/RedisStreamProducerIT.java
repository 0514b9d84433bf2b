package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.marketwire.component.redisstream.RedisStreamConstants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class RedisStreamProducerIT extends RedisStreamITSupport {

  private ProducerTemplate template(String options) throws Exception {
    String to = uri(options);
    CamelContext context =
        startContext(
            new RouteBuilder() {
              @Override
              public void configure() {
                from("direct:in").to(to);
              }
            });
    return context.createProducerTemplate();
  }

  @Test
  void mapBodyAndHeadersBecomeFieldsAndTheIdComesBack() throws Exception {
    ProducerTemplate template = template("headerFields=source");
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("symbol", "AAPL");
    quote.put("price", 187.25);
    Exchange result =
        template.request(
            "direct:in",
            e -> {
              e.getMessage().setBody(quote);
              e.getMessage().setHeader("source", "simulator");
            });
    assertThat(result.getException()).isNull();
    String id = result.getMessage().getHeader(RedisStreamConstants.ID, String.class);
    List<StreamMessage<String, String>> entries = redis.xrange(stream, Range.unbounded());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).getId()).isEqualTo(id);
    assertThat(entries.get(0).getBody())
        .containsExactly(
            Map.entry("symbol", "AAPL"),
            Map.entry("price", "187.25"),
            Map.entry("source", "simulator"));
  }

  @Test
  void stringBodyGoesToTheBodyFieldAndTheIdCanBeChosen() throws Exception {
    ProducerTemplate template = template("bodyField=json");
    Exchange result =
        template.request(
            "direct:in",
            e -> {
              e.getMessage().setBody("{\"symbol\":\"MSFT\"}");
              e.getMessage().setHeader(RedisStreamConstants.OVERRIDE_ID, "1000-7");
            });
    assertThat(result.getMessage().getHeader(RedisStreamConstants.ID)).isEqualTo("1000-7");
    assertThat(redis.xrange(stream, Range.unbounded()).get(0).getBody())
        .containsExactly(Map.entry("json", "{\"symbol\":\"MSFT\"}"));
  }

  @Test
  void anXaddErrorFailsTheExchangeClearly() throws Exception {
    ProducerTemplate template = template("");
    redis.xadd(stream, new XAddArgs().id("5000-0"), Map.of("a", "b"));
    Exchange result =
        template.request(
            "direct:in",
            e -> {
              e.getMessage().setBody("late");
              e.getMessage().setHeader(RedisStreamConstants.OVERRIDE_ID, "10-0");
            });
    assertThat(result.getException())
        .hasMessageContaining("XADD to stream " + stream + " failed")
        .hasMessageContaining("equal or smaller");
  }

  @Test
  void maxLenKeepsTheStreamBounded() throws Exception {
    ProducerTemplate approximate = template("maxLen=100");
    for (int i = 0; i < 3000; i++) {
      approximate.sendBody("direct:in", "q" + i);
    }
    // '~' trims whole macro nodes (100 entries by default): bounded, not exact
    assertThat(redis.xlen(stream)).isBetween(100L, 300L);
  }

  @Test
  void exactMaxLen() throws Exception {
    ProducerTemplate exact = template("maxLen=50&approximateTrim=false");
    for (int i = 0; i < 500; i++) {
      exact.sendBody("direct:in", "q" + i);
    }
    assertThat(redis.xlen(stream)).isEqualTo(50);
    assertThat(redis.xrevrange(stream, Range.unbounded()).get(0).getBody())
        .containsEntry("data", "q499");
  }

  @Test
  void minIdFromAHeaderTrimsOlderEntries() throws Exception {
    ProducerTemplate template = template("approximateTrim=false");
    for (int i = 1; i <= 10; i++) {
      redis.xadd(stream, new XAddArgs().id(i + "-0"), Map.of("n", "" + i));
    }
    template.sendBodyAndHeader("direct:in", "new", RedisStreamConstants.MIN_ID, "6-0");
    List<StreamMessage<String, String>> left = redis.xrange(stream, Range.unbounded());
    assertThat(left.get(0).getId()).isEqualTo("6-0");
    assertThat(left).hasSize(6);
  }

  @Test
  void minIdAgeDropsEntriesOlderThanTheAge() throws Exception {
    ProducerTemplate template = template("minIdAge=1h&approximateTrim=false");
    long twoHoursAgo = System.currentTimeMillis() - 7_200_000;
    redis.xadd(stream, new XAddArgs().id(twoHoursAgo + "-0"), Map.of("old", "1"));
    redis.xadd(stream, new XAddArgs().id((twoHoursAgo + 1) + "-0"), Map.of("old", "2"));
    template.sendBody("direct:in", "fresh");
    List<StreamMessage<String, String>> left = redis.xrange(stream, Range.unbounded());
    assertThat(left).hasSize(1);
    assertThat(left.get(0).getBody()).containsEntry("data", "fresh");
  }
  @Test
  void aCollectionBodyIsOneEntryPerElementInOrderAndTheIdsComeBack() throws Exception {
    ProducerTemplate template = template("headerFields=source,CamelSecret");
    List<Object> body = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      body.add(Map.of("symbol", "P" + i));
    }
    body.add("plain value");
    Exchange sent =
        template.request(
            "direct:in",
            e -> {
              e.getMessage().setBody(body);
              e.getMessage().setHeader("source", "test");
              // named in headerFields, but the header filter keeps Camel headers out of entries
              e.getMessage().setHeader("CamelSecret", "never written");
            });
    assertThat(sent.getException()).isNull();
    List<StreamMessage<String, String>> entries = redis.xrange(stream, Range.unbounded());
    assertThat(entries).hasSize(251);
    assertThat(sent.getMessage().getHeader(RedisStreamConstants.IDS, List.class))
        .containsExactlyElementsOf(entries.stream().map(StreamMessage::getId).toList());
    assertThat(entries.get(0).getBody()).isEqualTo(Map.of("symbol", "P0", "source", "test"));
    assertThat(entries.get(249).getBody()).containsEntry("symbol", "P249");
    assertThat(entries.get(250).getBody())
        .isEqualTo(Map.of("data", "plain value", "source", "test"));
  }
}
