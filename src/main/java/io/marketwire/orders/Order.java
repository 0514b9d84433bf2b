package io.marketwire.orders;

import java.math.BigDecimal;

/**
 * One order as it travels as JSON. {@code region} and {@code priority} drive the headers exchange
 * (dispatch) and the VIP priority queue.
 */
public record Order(
    String id, String customer, String product, int quantity, BigDecimal price, String region, String priority) {

  public boolean vip() {
    return "vip".equalsIgnoreCase(priority);
  }
}
