package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.redisstream.RedisStreamConstants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** XREAD readers: no group, nothing acknowledged, every reader sees every entry. */
class RedisStreamPlainReaderIT extends RedisStreamITSupport {

  private List<String> startReader(String options) throws Exception {
    List<String> values = new CopyOnWriteArrayList<>();
    String from = uri(options);
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from)
                .process(e -> values.add((String) e.getMessage().getBody(Map.class).get("v")));
          }
        });
    return values;
  }

  @Test
  void fromDollarSeesOnlyEntriesAddedAfterTheStart() throws Exception {
    redis.xadd(stream, Map.of("v", "before-1"));
    redis.xadd(stream, Map.of("v", "before-2"));
    List<String> values = startReader("block=100");
    // the reader resolves '$' when its thread starts: probe until it is surely reading
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              redis.xadd(stream, Map.of("v", "probe"));
              return values.contains("probe");
            });
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      redis.xadd(stream, Map.of("v", "after-" + i));
      expected.add("after-" + i);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> values.containsAll(expected));
    assertThat(values).doesNotContain("before-1", "before-2");
    // in stream order, none twice
    assertThat(values.stream().filter(v -> v.startsWith("after-")).toList()).isEqualTo(expected);
  }

  @Test
  void fromAnIdSeesTheEntriesAfterIt() throws Exception {
    redis.xadd(stream, Map.of("v", "1"));
    String second = redis.xadd(stream, Map.of("v", "2"));
    redis.xadd(stream, Map.of("v", "3"));
    redis.xadd(stream, Map.of("v", "4"));
    List<String> values = startReader("block=100&startId=" + second);
    await().atMost(Duration.ofSeconds(10)).until(() -> values.size() == 2);
    redis.xadd(stream, Map.of("v", "5"));
    await().atMost(Duration.ofSeconds(10)).until(() -> values.size() == 3);
    assertThat(values).containsExactly("3", "4", "5");
  }

  @Test
  void everyReaderSeesEveryEntryAndFailuresDoNotStopIt() throws Exception {
    for (int i = 0; i < 10; i++) {
      redis.xadd(stream, Map.of("v", "" + i));
    }
    List<String> first = startReader("block=100&startId=0");
    List<String> failing = new CopyOnWriteArrayList<>();
    String from = uri("block=100&startId=0-0");
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from)
                .process(
                    e ->
                        failing.add(
                            e.getMessage().getHeader(RedisStreamConstants.ID, String.class)))
                .throwException(new IllegalStateException("reader route fails"));
          }
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 10 && failing.size() == 10);
    assertThat(failing).doesNotHaveDuplicates();
    assertThat(redis.xinfoGroups(stream)).isEmpty();
  }
}
