package io.marketwire.component.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.compression.Compression;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Options bind from URIs and component properties through the generated configurers. */
class RabbitMqStreamEndpointTest {

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

  @Test
  void componentIsFoundByScheme() {
    assertThat(context.getComponent("rabbitmq-stream")).isInstanceOf(RabbitMqStreamComponent.class);
  }

  @Test
  void everyOptionBindsFromTheUri() {
    RabbitMqStreamEndpoint e =
        context.getEndpoint(
            "rabbitmq-stream:ticks?host=h1&port=5553&username=u&password=RAW(p&w)&virtualHost=v"
                + "&tls=true&tlsTrustAll=true&declare=true&maxAge=24h&maxLengthBytes=10000000000"
                + "&maxSegmentSizeBytes=500000000&producerName=p1&subEntrySize=10&compression=zstd"
                + "&batchSize=50&batchPublishingDelay=20ms&dynamicBatch=false"
                + "&maxUnconfirmedMessages=500&confirmTimeout=5s&enqueueTimeout=2s"
                + "&offset=offset:7&consumerName=c1&singleActiveConsumer=true&offsetTracking=manual"
                + "&allowManualCommit=true&batching=true&batchMaxSize=250&batchTimeout=50ms"
                + "&autoCommitMessageCount=10&autoCommitFlushInterval=1s&filterValues=A,B"
                + "&filterMatchUnfiltered=true&initialCredits=2&filterValueProperty=sym",
            RabbitMqStreamEndpoint.class);
    RabbitMqStreamConfiguration c = e.getConfiguration();
    assertThat(c.getStream()).isEqualTo("ticks");
    assertThat(c.getHost()).isEqualTo("h1");
    assertThat(c.getPort()).isEqualTo(5553);
    assertThat(c.getUsername()).isEqualTo("u");
    assertThat(c.getPassword()).isEqualTo("p&w");
    assertThat(c.getVirtualHost()).isEqualTo("v");
    assertThat(c.isTls()).isTrue();
    assertThat(c.isTlsTrustAll()).isTrue();
    assertThat(c.isDeclare()).isTrue();
    assertThat(c.getProducerName()).isEqualTo("p1");
    assertThat(c.getSubEntrySize()).isEqualTo(10);
    assertThat(c.getBatchSize()).isEqualTo(50);
    assertThat(c.isDynamicBatch()).isFalse();
    assertThat(c.getMaxUnconfirmedMessages()).isEqualTo(500);
    assertThat(c.getConsumerName()).isEqualTo("c1");
    assertThat(c.isSingleActiveConsumer()).isTrue();
    assertThat(c.getAutoCommitMessageCount()).isEqualTo(10);
    assertThat(c.isFilterMatchUnfiltered()).isTrue();
    assertThat(c.getInitialCredits()).isEqualTo(2);
    assertThat(c.getFilterValueProperty()).isEqualTo("sym");
    assertThat(e.offsetSpecification()).isEqualTo(OffsetSpecification.offset(7));
    assertThat(c.getCompression()).isEqualTo(Compression.ZSTD);
    assertThat(c.getMaxLengthBytes()).isEqualTo(10_000_000_000L);
    assertThat(c.getMaxSegmentSizeBytes()).isEqualTo(500_000_000L);
    assertThat(c.getMaxAge()).isEqualTo(24 * 3_600_000L);
    assertThat(c.getBatchPublishingDelay()).isEqualTo(20);
    assertThat(c.getConfirmTimeout()).isEqualTo(5_000);
    assertThat(c.getAutoCommitFlushInterval()).isEqualTo(1_000);
    assertThat(c.getOffsetTracking()).isEqualTo(RabbitMqStreamOffsetTracking.MANUAL);
    assertThat(c.isAllowManualCommit()).isTrue();
    assertThat(c.isBatching()).isTrue();
    assertThat(c.getBatchMaxSize()).isEqualTo(250);
    assertThat(c.getBatchTimeout()).isEqualTo(50);
    assertThat(e.filterValues()).containsExactly("A", "B");
  }

  @Test
  void superStreamOptionsBind() {
    RabbitMqStreamEndpoint e =
        context.getEndpoint(
            "rabbitmq-stream:orders?superStream=true&bindingKeys=eu,us,asia&routingStrategy=key"
                + "&routingKey=${header.region}&filterValue=${header.symbol}",
            RabbitMqStreamEndpoint.class);
    assertThat(e.getConfiguration().isSuperStream()).isTrue();
    assertThat(e.partitionKeys()).containsExactly("eu", "us", "asia");
    assertThat(e.getConfiguration().getRoutingStrategy()).isEqualTo(RabbitMqStreamRoutingStrategy.KEY);
    assertThat(e.expression("routingKey", e.getConfiguration().getRoutingKey())).isNotNull();
    assertThat(e.expression("filterValue", e.getConfiguration().getFilterValue())).isNotNull();
  }

  @Test
  void componentDefaultsAreCopiedNotShared() {
    RabbitMqStreamComponent component = context.getComponent("rabbitmq-stream", RabbitMqStreamComponent.class);
    component.getConfiguration().setHost("broker-a");
    RabbitMqStreamEndpoint a =
        context.getEndpoint("rabbitmq-stream:a?port=6000", RabbitMqStreamEndpoint.class);
    RabbitMqStreamEndpoint b = context.getEndpoint("rabbitmq-stream:b", RabbitMqStreamEndpoint.class);
    assertThat(a.getConfiguration().getHost()).isEqualTo("broker-a");
    assertThat(a.getConfiguration().getPort()).isEqualTo(6000);
    assertThat(b.getConfiguration().getPort()).isEqualTo(5552);
    assertThat(component.getConfiguration().getPort()).isEqualTo(5552);
  }

  @Test
  void componentOptionsBindFromProperties() throws Exception {
    CamelContext ctx = new DefaultCamelContext();
    Properties p = new Properties();
    p.setProperty("marketwire.rabbitmq.host", "broker-x");
    ctx.getPropertiesComponent().setInitialProperties(p);
    RabbitMqStreamComponent component = new RabbitMqStreamComponent();
    ctx.addComponent("rabbitmq-stream", component);
    org.apache.camel.support.PropertyBindingSupport.build()
        .withCamelContext(ctx)
        .withTarget(component)
        // as Camel Main binds camel.component.rabbitmq-stream.*: through the generated configurer
        .withConfigurer(
            org.apache.camel.support.PluginHelper.getConfigurerResolver(ctx)
                .resolvePropertyConfigurer("rabbitmq-stream-component", ctx))
        .withProperty("host", "{{marketwire.rabbitmq.host}}")
        .withProperty("port", "5999")
        .withProperty("virtualHost", "md")
        .withProperty("password", "secret")
        .withProperty("offset", "first")
        .bind();
    assertThat(component.getConfiguration().getOffset()).isEqualTo("first");
    assertThat(component.getConfiguration().getHost()).isEqualTo("broker-x");
    assertThat(component.getConfiguration().getPort()).isEqualTo(5999);
    assertThat(component.getConfiguration().getVirtualHost()).isEqualTo("md");
    ctx.close();
  }

  @Test
  void malformedOptionsFailAtEndpointCreationNamingTheOption() {
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?offset=middle"))
        .hasStackTraceContaining("option offset")
        .hasStackTraceContaining("first, last, next");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?compression=brotli&subEntrySize=5"))
        .hasStackTraceContaining("compression")
        .hasStackTraceContaining("brotli");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?compression=gzip"))
        .hasStackTraceContaining("subEntrySize > 1");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?maxAge=forever"))
        .hasStackTraceContaining("maxAge");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?maxLengthBytes=10gb"))
        .hasStackTraceContaining("maxLengthBytes");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?allowManualCommit=true&consumerName=c"))
        .hasStackTraceContaining("offsetTracking=MANUAL");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?singleActiveConsumer=true"))
        .hasStackTraceContaining("consumerName");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?nosuchoption=1"))
        .hasStackTraceContaining("nosuchoption");
    assertThatThrownBy(() -> context.getEndpoint("rabbitmq-stream:t?offsetTracking=sometimes"))
        .hasStackTraceContaining("offsetTracking")
        .hasStackTraceContaining("sometimes");
  }

  @Test
  void passwordNeverInConnectionDescription() {
    RabbitMqStreamConfiguration c = new RabbitMqStreamConfiguration();
    c.setPassword("hunter2");
    assertThat(RabbitMqStreamComponent.connectionOf(c).toString()).doesNotContain("hunter2");
  }
}
