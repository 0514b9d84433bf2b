package io.marketwire.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

/**
 * Sample orders for the producer, like the seed's: a seeded mix of customers, products, regions
 * and priorities. Every {@code malformedEvery}-th order is deliberately broken (bad JSON, a
 * missing field or a negative quantity, in turn) and every {@code unknownRegionEvery}-th has a
 * region no dispatch queue is bound for, so the demo shows the dead-letter and alternate-exchange
 * paths. 0 turns either off.
 */
public final class OrderFactory {

  private static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave", "erin", "frank");
  private static final List<String> PRODUCTS = List.of("keyboard", "monitor", "laptop", "mouse", "headset", "dock");
  private static final List<String> REGIONS = List.of("EU", "US");

  private final OrderJson json = new OrderJson();
  private final Random random;
  private final AtomicLong sequence = new AtomicLong();
  private final String runId;
  private final int malformedEvery;
  private final int unknownRegionEvery;
  private final int vipEvery;

  public OrderFactory(long seed, String runId, int malformedEvery, int unknownRegionEvery, int vipEvery) {
    this.random = new Random(seed);
    this.runId = runId;
    this.malformedEvery = malformedEvery;
    this.unknownRegionEvery = unknownRegionEvery;
    this.vipEvery = vipEvery;
  }

  /** The next order as JSON; its id also goes into the AMQP message-id property. */
  public synchronized void next(Exchange exchange) {
    long n = sequence.incrementAndGet();
    String id = runId + "-" + n;
    String body;
    if (malformedEvery > 0 && n % malformedEvery == 0) {
      body = switch ((int) ((n / malformedEvery) % 3)) {
        case 1 -> "{\"id\":\"" + id + "\",\"customer\":\"mallory\",\"product\":";
        case 2 -> "{\"id\":\"" + id + "\",\"product\":\"dock\",\"quantity\":1,\"price\":10.0,\"region\":\"EU\"}";
        default -> "{\"id\":\"" + id + "\",\"customer\":\"mallory\",\"product\":\"dock\",\"quantity\":-3,\"price\":10.0,\"region\":\"EU\"}";
      };
    } else {
      String region = unknownRegionEvery > 0 && n % unknownRegionEvery == 0 ? "APAC" : REGIONS.get(random.nextInt(REGIONS.size()));
      String priority = vipEvery > 0 && n % vipEvery == 0 ? "vip" : "normal";
      Order order = new Order(
          id,
          CUSTOMERS.get(random.nextInt(CUSTOMERS.size())),
          PRODUCTS.get(random.nextInt(PRODUCTS.size())),
          1 + random.nextInt(5),
          BigDecimal.valueOf(5 + random.nextInt(2000), 1).setScale(2, RoundingMode.HALF_UP),
          region,
          priority);
      body = json.write(order);
    }
    exchange.getMessage().setBody(body);
    exchange.getMessage().setHeader(SpringRabbitMQConstants.MESSAGE_ID, id);
    exchange.getMessage().setHeader(SpringRabbitMQConstants.CONTENT_TYPE, "application/json");
    exchange.setProperty(OrderHeaders.ORDER_ID, id);
  }
}
