package io.marketwire.orders;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The RPC client's requests: the seed's inventory checks, cycling through a few products. */
public final class InventoryRequests {

  private static final List<String> PRODUCTS = List.of("laptop", "monitor", "headset", "dock", "unicorn");
  private final AtomicInteger next = new AtomicInteger();

  public String next() {
    int n = next.getAndIncrement();
    return "{\"product\":\"" + PRODUCTS.get(n % PRODUCTS.size()) + "\",\"quantity\":" + (1 + n % 3) + "}";
  }
}
