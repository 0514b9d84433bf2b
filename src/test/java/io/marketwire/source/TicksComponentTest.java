package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.model.MinuteBar;
import io.marketwire.model.MinuteBarJsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TicksComponentTest {

  private final List<Exchange> received = Collections.synchronizedList(new ArrayList<>());
  private CamelContext context;

  @AfterEach
  void stop() {
    if (context != null) {
      context.stop();
    }
  }

  private void start(String uri) throws Exception {
    stop();
    context = new DefaultCamelContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri).routeId("ticks").process(received::add);
          }
        });
    context.start();
  }

  private List<MarketData> bodies() {
    synchronized (received) {
      return received.stream().map(e -> e.getMessage().getBody(MarketData.class)).toList();
    }
  }

  @Test
  void simulatorOptionsFromTheUriAreApplied() throws Exception {
    long started = System.nanoTime();
    start("ticks:simulator?symbols=AAPL,MSFT&rate=200&seed=42&maxTicks=50");

    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 50);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    List<MarketData> ticks = bodies();
    assertThat(ticks).hasSize(50);
    assertThat(ticks).extracting(MarketData::symbol).containsOnly("AAPL", "MSFT");
    assertThat(ticks).allSatisfy(t -> assertThat(t.bidPrice()).isLessThan(t.askPrice()));
    // 49 gaps at 200 per second cannot take less than 245 ms; a generous lower bound only
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(150);
    Exchange last = received.get(49);
    assertThat(last.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class)).isTrue();
    assertThat(last.getMessage().getHeader(TicksConstants.SOURCE_COMPLETE, Boolean.class)).isTrue();
    assertThat(received.get(0).getProperty(ExchangePropertyKey.BATCH_COMPLETE)).isNull();
    assertThat(received.get(0).getMessage().getHeader(TicksConstants.KIND)).isEqualTo("tick");
    assertThat(received.get(0).getMessage().getHeader(TicksConstants.SYMBOL))
        .isEqualTo(ticks.get(0).symbol());

    TicksEndpoint endpoint =
        context.getEndpoint(
            "ticks:simulator?symbols=AAPL,MSFT&rate=200&seed=42&maxTicks=50", TicksEndpoint.class);
    assertThat(endpoint.getConfiguration().getSeed()).isEqualTo(42L);
    assertThat(endpoint.getConfiguration().getRate()).isEqualTo(200.0);
    assertThat(endpoint.getConfiguration().getMaxTicks()).isEqualTo(50);
    assertThat(endpoint.getConfiguration().symbolList()).containsExactly("AAPL", "MSFT");
  }

  @Test
  void seededSimulatorRouteMatchesThePlainApi() throws Exception {
    start(
        "ticks:simulator?symbols=AAPL,MSFT&startPrices=AAPL:185.5,MSFT:410"
            + "&rate=0&seed=42&maxTicks=100");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 100);

    TickSimulator plain =
        TickSimulator.builder()
            .symbols(List.of("AAPL", "MSFT"))
            .startPrices(TickSimulator.parseStartPrices("AAPL:185.5,MSFT:410"))
            .seed(42L)
            .build();
    for (MarketData tick : bodies()) {
      MarketData expected = plain.next();
      assertThat(tick.symbol()).isEqualTo(expected.symbol());
      assertThat(tick.bidPrice()).isEqualTo(expected.bidPrice());
      assertThat(tick.lastSize()).isEqualTo(expected.lastSize());
      assertThat(tick.sequenceNumber()).isEqualTo(expected.sequenceNumber());
    }
  }

  @Test
  void replayRouteEmitsBinaryTicksAndJsonBarsToCompletion() throws Exception {
    start(
        "ticks:replay?symbols=AZO,BKNG&from=2024-01-03&to=2024-01-03&speed=max"
            + "&format=binary&emitBars=true&exchange=XTEST");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !received.isEmpty()
                    && received
                            .get(received.size() - 1)
                            .getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class)
                        != null);

    List<SourceEvent> expected = new ArrayList<>();
    try (BarReplay replay =
        BarReplay.builder()
            .symbols(List.of("AZO", "BKNG"))
            .window(TimeWindow.parse("2024-01-03", "2024-01-03"))
            .exchange("XTEST")
            .emitBars(true)
            .open()) {
      replay.forEachRemaining(expected::add);
    }
    assertThat(received).hasSize(expected.size());
    MarketDataCodec codec = new MarketDataCodec();
    MinuteBarJsonCodec barCodec = new MinuteBarJsonCodec();
    for (int i = 0; i < expected.size(); i++) {
      Exchange exchange = received.get(i);
      byte[] body = exchange.getMessage().getBody(byte[].class);
      if (expected.get(i) instanceof SourceEvent.Tick tick) {
        assertThat(exchange.getMessage().getHeader(TicksConstants.KIND)).isEqualTo("tick");
        assertThat(body[0]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(body)).isEqualTo(tick.data());
      } else {
        MinuteBar bar = ((SourceEvent.Bar) expected.get(i)).bar();
        assertThat(exchange.getMessage().getHeader(TicksConstants.KIND)).isEqualTo("bar");
        assertThat(barCodec.decode(body)).isEqualTo(bar);
      }
    }
  }

  @Test
  void replayAtRealSpeedWaitsBetweenMinutes() throws Exception {
    // two consecutive minutes of BKNG at 120x: the second minute's first tick is due 0.5 s in
    start(
        "ticks:replay?symbols=BKNG&from=2024-01-03T14:31:00Z&to=2024-01-03T14:33:00Z"
            + "&speed=120&ticksPerBar=1");
    long started = System.nanoTime();

    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 2);

    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    assertThat(bodies()).extracting(MarketData::symbol).containsOnly("BKNG");
  }

  @Test
  void unknownOptionFailsTheRoute() {
    assertThatThrownBy(() -> start("ticks:simulator?sybmols=AAPL"))
        .isInstanceOf(FailedToCreateRouteException.class)
        .hasMessageContaining("sybmols");
  }

  @Test
  void unknownSourceFailsTheRoute() {
    assertThatThrownBy(() -> start("ticks:tape"))
        .isInstanceOf(FailedToCreateRouteException.class)
        .hasStackTraceContaining("unknown tick source \"tape\"");
  }

  @Test
  void badReplayOptionsFailTheRouteStart() {
    assertThatThrownBy(() -> start("ticks:replay?directory=no/such/folder"))
        .hasStackTraceContaining("does not exist");
    assertThatThrownBy(() -> start("ticks:replay?speed=fast"))
        .hasStackTraceContaining("speed must be max");
    assertThatThrownBy(() -> start("ticks:replay?from=yesterday"))
        .hasStackTraceContaining("from=\"yesterday\"");
  }

  @Test
  void componentConfigurationIsTheDefaultForEveryEndpoint() throws Exception {
    context = new DefaultCamelContext();
    TicksComponent component = new TicksComponent();
    context.addComponent("ticks", component);
    PropertyBindingSupport.build()
        .bind(
            context,
            component,
            new HashMap<>(Map.of("configuration.speed", "max", "configuration.exchange", "X")));

    TicksEndpoint first = context.getEndpoint("ticks:replay?symbols=AZO", TicksEndpoint.class);
    TicksEndpoint second = context.getEndpoint("ticks:replay?speed=10", TicksEndpoint.class);

    assertThat(first.getConfiguration().getSpeed()).isEqualTo("max");
    assertThat(first.getConfiguration().getExchange()).isEqualTo("X");
    assertThat(second.getConfiguration().getSpeed()).isEqualTo("10");
    assertThat(second.getConfiguration().getSymbols()).isNull();
    assertThat(component.getConfiguration().getSymbols()).isNull();
  }

  @Test
  void cannotBeAProducer() throws Exception {
    context = new DefaultCamelContext();
    context.start();

    assertThatThrownBy(() -> context.getEndpoint("ticks:simulator").createProducer())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
