package io.marketwire.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.app.Flows;
import io.marketwire.config.LayeredProperties;
import io.marketwire.model.MarketData;
import io.marketwire.orders.Order;
import io.marketwire.orders.OrderJson;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The strategy-live route (routes/backtest/live) on the live feed: the orders it sends are the
 * ones the same strategy decides on the same ticks when run directly, as the backtest runs it; on
 * a 3-partition super stream the same, symbol by symbol; and two instances under one consumer name
 * share the partitions, each symbol traded by one of them, every order sent once (issue 15).
 */
class StrategyLiveIT {

  private static final int PARTITIONS = 3;
  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS", "GWW", "LII", "MSFT", "AAPL", "NVDA");
  private static final int TICKS_PER_SYMBOL = 150;
  private static final String SINK = "direct:it-strategy-orders";

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final BrokerAdmin admin = new BrokerAdmin();
  private final List<RunningApp> apps = new ArrayList<>();
  private final String plain = "it-live-" + id;
  private final String partitioned = "it-live-sup-" + id;

  @AfterEach
  void tearDown() throws Exception {
    for (RunningApp app : apps) {
      app.close();
    }
    admin.deleteStreams(plain, "it-live-errors-" + id);
    admin.deleteSuperStreams(partitioned);
    admin.close();
  }

  @Test
  void onASuperStreamTheStrategySendsTheOrdersItSendsOnAPlainStream() throws Exception {
    List<String> traded = List.of("AZO", "FDS", "LII", "MSFT", "NVDA");
    List<MarketData> ticks = ticks();
    List<String> expected = decided(ticks, traded);
    assertThat(expected).as("the ticks make the strategy trade").hasSizeGreaterThan(traded.size() * 3);

    LiveOrders onPlain = start(plain, false, traded, "");
    admin.publishTicks(plain, false, ticks);
    onPlain.awaitCount(expected.size());
    assertThat(onPlain.orders()).as("on the plain stream, in tick order").containsExactlyElementsOf(expected);

    admin.createSuperStream(partitioned, PARTITIONS);
    LiveOrders onSuper = start(partitioned, true, traded, "");
    admin.publishTicks(partitioned, true, ticks);
    onSuper.awaitCount(expected.size());
    assertThat(admin.partitionsWithMessages(partitioned, PARTITIONS)).as("the symbols spread over the partitions").isGreaterThan(1);
    assertThat(bySymbol(onSuper.orders())).as("on the super stream, symbol by symbol").isEqualTo(bySymbol(expected));
  }

  @Test
  void twoInstancesOnASuperStreamShareTheSymbolsAndSendEachOrderOnce() throws Exception {
    List<MarketData> ticks = ticks();
    List<String> expected = decided(ticks, SYMBOLS);
    admin.createSuperStream(partitioned, PARTITIONS);
    LiveOrders a = start(partitioned, true, SYMBOLS, "it-a");
    LiveOrders b = start(partitioned, true, SYMBOLS, "it-b");
    Thread.sleep(3000); // the broker hands partitions over to b as it joins; nothing is published yet
    admin.publishTicks(partitioned, true, ticks);
    await().atMost(Duration.ofSeconds(60)).until(() -> a.orders().size() + b.orders().size() >= expected.size());
    Thread.sleep(1500); // an order sent twice would arrive by now

    List<String> both = new ArrayList<>(a.orders());
    both.addAll(b.orders());
    assertThat(bySymbol(both)).as("every decision sent once, by one instance or the other").isEqualTo(bySymbol(expected));
    assertThat(bySymbol(a.orders()).keySet()).as("symbols traded by both").doesNotContainAnyElementsOf(bySymbol(b.orders()).keySet());
    assertThat(a.ids()).allMatch(i -> i.startsWith("strategy-ma-crossover-it-a-")).doesNotContainAnyElementsOf(b.ids());
    assertThat(b.ids()).allMatch(i -> i.startsWith("strategy-ma-crossover-it-b-"));
    // two members, three partitions each holding symbols (the symbols' hashes are fixed): both
    // are active on one at least
    assertThat(admin.partitionsWithMessages(partitioned, PARTITIONS)).isEqualTo(PARTITIONS);
    assertThat(a.orders()).as("instance a's share").isNotEmpty();
    assertThat(b.orders()).as("instance b's share").isNotEmpty();
  }

  // ------------------------------------------------------------------ the route and its orders

  /** The orders one app's strategy-live route sent, as "SYMBOL side quantity @ price", and their ids. */
  private static final class LiveOrders {
    private final List<String> orders = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ids = Collections.synchronizedList(new ArrayList<>());

    List<String> orders() {
      synchronized (orders) {
        return List.copyOf(orders);
      }
    }

    List<String> ids() {
      synchronized (ids) {
        return List.copyOf(ids);
      }
    }

    void awaitCount(int count) throws InterruptedException {
      await().atMost(Duration.ofSeconds(60)).until(() -> orders.size() >= count);
      Thread.sleep(1500); // more than expected would arrive by now
      assertThat(orders()).hasSize(count);
    }
  }

  private LiveOrders start(String stream, boolean superStream, List<String> traded, String instance) throws InterruptedException {
    LiveOrders live = new LiveOrders();
    OrderJson json = new OrderJson();
    RouteBuilder sink =
        new RouteBuilder() {
          @Override
          public void configure() {
            from(SINK).routeId("it-strategy-orders").process(e -> {
              Order order = json.parse(e.getMessage().getBody(String.class));
              live.ids.add(order.id());
              live.orders.add(order(order.product(), e.getMessage().getHeader("side", String.class), order.quantity(), order.price().doubleValue()));
            });
          }
        };
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", "it-live-errors-" + id);
    o.put("marketwire.market-data.super-stream", Boolean.toString(superStream));
    o.put("marketwire.market-data.partitions", Integer.toString(PARTITIONS));
    o.put("marketwire.strategy.live.enabled", "true");
    o.put("marketwire.strategy.live.strategy", "ma-crossover");
    o.put("marketwire.strategy.live.consumer-name", "it-live-" + id);
    o.put("marketwire.strategy.live.symbols", String.join(",", traded));
    o.put("marketwire.strategy.live.order-sink", SINK);
    o.put("marketwire.instance", instance);
    apps.add(RunningApp.start(Flows.routes("backtest/live"), o, main -> main.configure().addRoutesBuilder(sink)));
    Thread.sleep(1000); // the route reads from next: its subscription is in place before ticks come
    return live;
  }

  private static String order(String symbol, String side, long quantity, double price) {
    return symbol + " " + side + " " + quantity + " @ " + price;
  }

  private static Map<String, List<String>> bySymbol(List<String> orders) {
    Map<String, List<String>> out = new TreeMap<>();
    orders.forEach(o -> out.computeIfAbsent(o.substring(0, o.indexOf(' ')), s -> new ArrayList<>()).add(o));
    return out;
  }

  // ------------------------------------------------------------------ what the strategy decides

  /** The orders ma-crossover (config/'s parameters) decides on {@code ticks} of {@code traded}, in tick order. */
  private static List<String> decided(List<MarketData> ticks, List<String> traded) throws Exception {
    LayeredProperties config = LayeredProperties.load(Path.of("config"), "test", Map.of());
    StrategyCatalog catalog = new StrategyCatalog(config::get);
    Strategy strategy = catalog.create("ma-crossover", catalog.params("ma-crossover", Map.of()));
    List<String> out = new ArrayList<>();
    for (MarketData tick : ticks) {
      if (traded.contains(tick.symbol())) {
        strategy.onTick(tick, o -> out.add(order(o.symbol(), o.buy() ? "buy" : "sell", Math.abs(o.quantity()), tick.lastPrice())));
      }
    }
    return out;
  }

  /** Every symbol's prices on a wave of its own phase, so the averages cross several times. */
  private static List<MarketData> ticks() {
    List<MarketData> ticks = new ArrayList<>();
    long start = 1_709_650_000_000_000_000L;
    for (int i = 0; i < TICKS_PER_SYMBOL; i++) {
      for (int s = 0; s < SYMBOLS.size(); s++) {
        double price = Math.round((100 + 10 * s + 5 * Math.sin(2 * Math.PI * i / (30 + 3 * s) + s)) * 100) / 100.0;
        long nanos = start + (long) i * 1_000_000_000L + s;
        ticks.add(new MarketData(SYMBOLS.get(s), price - 0.05, 10, price + 0.05, 10, price, 5, 5 * (i + 1L), nanos, "", i + 1L));
      }
    }
    return ticks;
  }
}
