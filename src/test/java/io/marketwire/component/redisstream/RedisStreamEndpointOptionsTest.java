package io.marketwire.component.redisstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every option binds from the URI through the generated configurer, typed options take Camel's
 * notation (durations as 5s or 100ms), and mistakes fail the endpoint with a message naming the
 * option.
 */
class RedisStreamEndpointOptionsTest {

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

  private RedisStreamConfiguration configOf(String uri) {
    return context.getEndpoint(uri, RedisStreamEndpoint.class).getConfiguration();
  }

  @Test
  void componentIsFoundByScheme() {
    assertThat(context.getComponent("redis-stream")).isInstanceOf(RedisStreamComponent.class);
  }

  @Test
  void defaults() {
    RedisStreamConfiguration c = configOf("redis-stream:quotes");
    assertThat(c.getStream()).isEqualTo("quotes");
    assertThat(c.getHost()).isEqualTo("localhost");
    assertThat(c.getPort()).isEqualTo(6379);
    assertThat(c.getDatabase()).isZero();
    assertThat(c.isTls()).isFalse();
    assertThat(c.getBodyField()).isEqualTo("data");
    assertThat(c.getMaxLen()).isZero();
    assertThat(c.isApproximateTrim()).isTrue();
    assertThat(c.getGroup()).isNull();
    assertThat(c.getStartId()).isEqualTo("$");
    assertThat(c.getCount()).isEqualTo(100);
    assertThat(c.getBlock()).isEqualTo(1000);
    assertThat(c.getMinIdleTime()).isEqualTo(60000);
    assertThat(c.getMaxDeliveries()).isEqualTo(5);
    assertThat(c.resolveDeadLetterStream()).isEqualTo("quotes:dlq");
    assertThat(c.getPendingWarnThreshold()).isEqualTo(100);
    assertThat(c.poisonExceptionList()).containsExactly("java.lang.IllegalArgumentException");
    assertThat(c.isBatching()).isFalse();
    assertThat(c.getBatchMaxSize()).isEqualTo(500);
    assertThat(c.getBatchTimeout()).isEqualTo(100);
    assertThat(c.isAllowManualCommit()).isFalse();
  }

  @Test
  void everyOptionBindsFromTheUri() {
    RedisStreamConfiguration c =
        configOf(
            "redis-stream:stock_quotes?host=redis.example&port=6380&database=2&username=app"
                + "&password=s3cret&tls=true&commandTimeout=2500&bodyField=payload"
                + "&headerFields=symbol,source&maxLen=1000&approximateTrim=false"
                + "&group=analyzers&consumerName=c1&startId=0&count=10&block=250"
                + "&concurrentConsumers=3&minIdleTime=1500&reclaimInterval=700"
                + "&maxDeliveries=4&deadLetterStream=bad&pendingWarnThreshold=7"
                + "&monitorInterval=900&maxBackoff=3000");
    assertThat(c.getHost()).isEqualTo("redis.example");
    assertThat(c.getPort()).isEqualTo(6380);
    assertThat(c.getDatabase()).isEqualTo(2);
    assertThat(c.getUsername()).isEqualTo("app");
    assertThat(c.getPassword()).isEqualTo("s3cret");
    assertThat(c.isTls()).isTrue();
    assertThat(c.getCommandTimeout()).isEqualTo(2500);
    assertThat(c.getBodyField()).isEqualTo("payload");
    assertThat(c.headerFieldList()).containsExactly("symbol", "source");
    assertThat(c.getMaxLen()).isEqualTo(1000);
    assertThat(c.isApproximateTrim()).isFalse();
    assertThat(c.getGroup()).isEqualTo("analyzers");
    assertThat(c.getConsumerName()).isEqualTo("c1");
    assertThat(c.getStartId()).isEqualTo("0");
    assertThat(c.getCount()).isEqualTo(10);
    assertThat(c.getBlock()).isEqualTo(250);
    assertThat(c.getConcurrentConsumers()).isEqualTo(3);
    assertThat(c.getMinIdleTime()).isEqualTo(1500);
    assertThat(c.getReclaimInterval()).isEqualTo(700);
    assertThat(c.getMaxDeliveries()).isEqualTo(4);
    assertThat(c.resolveDeadLetterStream()).isEqualTo("bad");
    assertThat(c.getPendingWarnThreshold()).isEqualTo(7);
    assertThat(c.getMonitorInterval()).isEqualTo(900);
    assertThat(c.getMaxBackoff()).isEqualTo(3000);
    assertThat(c.resolveErrorsKey()).isEqualTo("stock_quotes:errors:analyzers");
  }

  @Test
  void minIdOptions() {
    RedisStreamConfiguration c = configOf("redis-stream:a?minId=1700000000000-0");
    assertThat(c.getMinId()).isEqualTo("1700000000000-0");
    assertThat(configOf("redis-stream:b?minIdAge=3600000").getMinIdAge()).isEqualTo(3600000);
  }

  @Test
  void durationsAcceptTimeUnits() {
    RedisStreamConfiguration c =
        configOf("redis-stream:d?minIdleTime=30s&block=2s&minIdAge=1h&batchTimeout=250ms");
    assertThat(c.getMinIdleTime()).isEqualTo(30_000);
    assertThat(c.getBlock()).isEqualTo(2_000);
    assertThat(c.getMinIdAge()).isEqualTo(3_600_000);
    assertThat(c.getBatchTimeout()).isEqualTo(250);
  }

  @Test
  void batchOptionsBind() {
    RedisStreamConfiguration c =
        configOf("redis-stream:b?group=g&batching=true&batchMaxSize=50&allowManualCommit=true");
    assertThat(c.isBatching()).isTrue();
    assertThat(c.getBatchMaxSize()).isEqualTo(50);
    assertThat(c.isAllowManualCommit()).isTrue();
  }

  @Test
  void aBadTypedValueFailsNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?batchTimeout=soon"))
        .isInstanceOf(ResolveEndpointFailedException.class)
        .hasMessageContaining("batchTimeout")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?batchMaxSize=many"))
        .isInstanceOf(ResolveEndpointFailedException.class)
        .hasMessageContaining("batchMaxSize")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?batching=maybe"))
        .isInstanceOf(ResolveEndpointFailedException.class)
        .hasMessageContaining("batching")
        .hasMessageContaining("maybe");
  }

  @Test
  void batchMaxSizeBelowOneAndManualCommitWithoutAGroupAreRejected() {
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?batchMaxSize=0"))
        .hasStackTraceContaining("batchMaxSize must be at least 1");
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?allowManualCommit=true"))
        .hasStackTraceContaining("allowManualCommit needs a group");
  }

  @Test
  void theHeaderFilterKeepsCamelHeadersOutBothWays() {
    RedisStreamEndpoint e = context.getEndpoint("redis-stream:h", RedisStreamEndpoint.class);
    assertThat(e.getHeaderFilterStrategy()).isInstanceOf(RedisStreamHeaderFilterStrategy.class);
    var filter = e.getHeaderFilterStrategy();
    assertThat(filter.applyFilterToCamelHeaders("CamelRedisStreamId", "1-0", null)).isTrue();
    assertThat(filter.applyFilterToExternalHeaders("CamelFileName", "/etc/passwd", null)).isTrue();
    assertThat(filter.applyFilterToCamelHeaders("symbol", "AZO", null)).isFalse();
    assertThat(filter.applyFilterToExternalHeaders("symbol", "AZO", null)).isFalse();
  }

  @Test
  void tlsSettingsAreTheComponentsNotAnEndpointsOption() {
    context.getRegistry().bind("otherTls", new io.marketwire.config.TlsSettings("x.pem", "", "", ""));
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:t?tlsSettings=#otherTls"))
        .hasStackTraceContaining("tlsSettings is a component option");
  }

  @Test
  void endpointOptionsStillBindOnTheEndpoint() {
    RedisStreamEndpoint e =
        context.getEndpoint(
            "redis-stream:e?group=g&bridgeErrorHandler=true", RedisStreamEndpoint.class);
    assertThat(e.isBridgeErrorHandler()).isTrue();
    assertThat(e.getConfiguration().getGroup()).isEqualTo("g");
  }

  @Test
  void endpointsDoNotShareTheirConfiguration() {
    RedisStreamConfiguration a = configOf("redis-stream:x?group=g1");
    RedisStreamConfiguration b = configOf("redis-stream:y");
    assertThat(a).isNotSameAs(b);
    assertThat(b.getGroup()).isNull();
    assertThat(
            context
                .getComponent("redis-stream", RedisStreamComponent.class)
                .getConfiguration()
                .getGroup())
        .isNull();
  }

  @Test
  void unknownOptionFails() {
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?maxLength=5"))
        .isInstanceOf(ResolveEndpointFailedException.class)
        .hasMessageContaining("maxLength");
  }

  @Test
  void streamIsRequired() {
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:?group=g"))
        .isInstanceOf(ResolveEndpointFailedException.class);
  }

  @Test
  void maxLenAndMinIdTogetherFail() {
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?maxLen=5&minIdAge=1000"))
        .hasStackTraceContaining("maxLen or minId");
  }

  @Test
  void passwordIsNotInToStringNorInTheLoggedUri() {
    RedisStreamEndpoint e =
        context.getEndpoint("redis-stream:s?password=hunter2secret", RedisStreamEndpoint.class);
    assertThat(e.getConfiguration().toString()).doesNotContain("hunter2secret");
    assertThat(e.toString()).doesNotContain("hunter2secret");
  }

  @Test
  void poisonExceptionsAreResolvedToClasses() {
    RedisStreamEndpoint e =
        context.getEndpoint(
            "redis-stream:p?group=g&poisonExceptions=java.lang.NumberFormatException,"
                + " org.apache.camel.InvalidPayloadException",
            RedisStreamEndpoint.class);
    assertThat(e.getPoisonExceptionTypes())
        .containsExactly(NumberFormatException.class, org.apache.camel.InvalidPayloadException.class);
    assertThat(
            context
                .getEndpoint("redis-stream:q?group=g", RedisStreamEndpoint.class)
                .getPoisonExceptionTypes())
        .containsExactly(IllegalArgumentException.class);
  }

  @Test
  void emptyPoisonExceptionsRetriesEveryFailure() {
    RedisStreamEndpoint e =
        context.getEndpoint("redis-stream:p?group=g&poisonExceptions=", RedisStreamEndpoint.class);
    assertThat(e.getPoisonExceptionTypes()).isEmpty();
  }

  @Test
  void aPoisonExceptionThatIsNoExceptionClassFailsTheEndpoint() {
    assertThatThrownBy(
            () -> context.getEndpoint("redis-stream:s?poisonExceptions=com.example.NoSuchException"))
        .isInstanceOf(ResolveEndpointFailedException.class)
        .hasStackTraceContaining("com.example.NoSuchException, which is no exception class");
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?poisonExceptions=java.lang.String"))
        .hasStackTraceContaining("java.lang.String, which is no exception class");
  }

  @Test
  void blockZeroIsRejected() {
    assertThatThrownBy(() -> context.getEndpoint("redis-stream:s?block=0"))
        .hasStackTraceContaining("block must be at least 1 ms");
  }
}
