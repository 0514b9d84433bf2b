package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderJsonTest {

  private final OrderJson json = new OrderJson();

  @Test
  void readsWhatItWrites() {
    Order order = new Order("o-1", "alice", "dock", 2, new BigDecimal("19.90"), "EU", "vip");
    assertThat(json.parse(json.write(order))).isEqualTo(order);
  }

  @Test
  void badJsonSaysWhere() {
    assertThatThrownBy(() -> json.parse("{\"id\":\"o-1\",\"customer\":"))
        .isInstanceOf(MalformedOrderException.class)
        .hasMessageStartingWith("invalid JSON at line 1, column");
  }

  @Test
  void everyMissingFieldIsNamed() {
    assertThatThrownBy(() -> json.parse("{\"id\":\"o-1\",\"product\":\"dock\",\"quantity\":1,\"price\":1}"))
        .isInstanceOf(MalformedOrderException.class)
        .hasMessage("missing field 'customer'; missing field 'region'");
  }

  @Test
  void negativeOrZeroQuantityAndNegativePriceAreRejected() {
    assertThatThrownBy(() -> json.parse(
            "{\"id\":\"o\",\"customer\":\"c\",\"product\":\"p\",\"quantity\":-3,\"price\":-1,\"region\":\"EU\"}"))
        .hasMessage("quantity must be positive, was -3; price must not be negative, was -1");
    assertThatThrownBy(() -> json.parse(
            "{\"id\":\"o\",\"customer\":\"c\",\"product\":\"p\",\"quantity\":1.5,\"price\":1,\"region\":\"EU\"}"))
        .hasMessage("quantity must be a whole number, was 1.5");
  }

  @Test
  void emptyBodyAndNonObjectsAreRejected() {
    assertThatThrownBy(() -> json.parse((String) null)).hasMessage("empty body");
    assertThatThrownBy(() -> json.parse("[1,2]")).hasMessage("expected a JSON object, got array");
  }

  @Test
  void priorityDefaultsToNormal() {
    Order order = json.parse("{\"id\":\"o\",\"customer\":\"c\",\"product\":\"p\",\"quantity\":1,\"price\":2.5,\"region\":\"US\"}");
    assertThat(order.priority()).isEqualTo("normal");
    assertThat(order.vip()).isFalse();
  }
}
