package io.marketwire.backtest;

import io.marketwire.model.MarketData;
import io.marketwire.orders.OrderHeaders;
import io.marketwire.orders.Order;
import io.marketwire.orders.OrderJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

/**
 * A strategy on the live feed (route {@code strategy-live}, routes/backtest/live): the route hands
 * it each decoded tick and gets back the orders it submitted, which the route sends to the order
 * sink it is configured with ({@code marketwire.strategy.live.order-sink}, by default the order
 * flow's {@code direct:order-publish} into {@code orders.direct}). The strategy is the very class
 * the backtest ran, with the same parameters from config/.
 */
public final class LiveStrategy {

  /** Exchange property with the price of the tick the orders were decided on. */
  public static final String TICK_PRICE = "MarketwireTickPrice";

  private final String name;
  private final Strategy strategy;
  private final String region;
  private final String idPrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final OrderJson json = new OrderJson();

  /**
   * @param instance this process's name among the app instances ({@code marketwire.instance}),
   *     blank for none: instances share a super stream's partitions under one consumer name, and
   *     their order ids must not clash, so a named instance's ids carry its name
   */
  public LiveStrategy(String name, Strategy strategy, String region, String instance) {
    this.name = name;
    this.strategy = strategy;
    this.region = region;
    this.idPrefix = "strategy-" + name + (instance.isBlank() ? "" : "-" + instance) + "-";
  }

  /**
   * The orders the strategy submits on {@code tick}; a throw goes to the route's error path. On a
   * super stream the partitions' threads call it: one at a time, as a strategy expects.
   */
  public synchronized List<StrategyOrder> onTick(MarketData tick) {
    List<StrategyOrder> orders = new ArrayList<>(1);
    strategy.onTick(tick, orders::add);
    return orders;
  }

  /**
   * Turns one strategy order into the order flow's message: an {@link Order} as JSON (customer
   * {@code strategy:NAME}, product the symbol, quantity in shares, the decision tick's price) with
   * the side in header {@code side}, since orders in this flow carry no sign.
   */
  public void toOrder(Exchange exchange) {
    // the decision tick's price, kept by the route before it split the orders out
    StrategyOrder o = exchange.getMessage().getBody(StrategyOrder.class);
    String id = idPrefix + sequence.incrementAndGet();
    BigDecimal price = BigDecimal.valueOf(exchange.getProperty(TICK_PRICE, 0.0, Double.class));
    Order order = new Order(id, "strategy:" + name, o.symbol(), (int) Math.abs(o.quantity()), price, region, "normal");
    exchange.getMessage().setBody(json.write(order));
    exchange.getMessage().setHeader("side", o.buy() ? "buy" : "sell");
    exchange.getMessage().setHeader(SpringRabbitMQConstants.MESSAGE_ID, id);
    exchange.getMessage().setHeader(SpringRabbitMQConstants.CONTENT_TYPE, "application/json");
    exchange.setProperty(OrderHeaders.ORDER_ID, id);
  }
}
