package io.marketwire.orders;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manual acknowledgement for consumers with {@code acknowledgeMode=MANUAL}: the route acks once
 * everything it published for the delivery is confirmed, and nacks when it could not finish. A
 * nack without requeue makes the broker dead-letter the order through the queue's
 * {@code x-dead-letter-exchange} ({@code orders.dlx}), with an {@code x-death} entry saying
 * {@code rejected}; a quorum queue does that at-least-once.
 */
public final class Acknowledgements {

  private static final Logger LOG = LoggerFactory.getLogger("orders.acks");

  public void ack(Exchange exchange) throws IOException {
    channel(exchange).basicAck(tag(exchange), false);
  }

  /** Reject without requeue: the broker dead-letters the message. */
  public void nack(Exchange exchange) throws IOException {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    if (cause != null) {
      LOG.error("nack (no requeue, the broker dead-letters it) delivery {}: {}", tag(exchange), cause.toString());
    } else {
      LOG.info("nack (no requeue, the broker dead-letters it) delivery {}: {}", tag(exchange),
          exchange.getMessage().getHeader(OrderHeaders.FAILURE_REASON, "no reason given", String.class));
    }
    channel(exchange).basicNack(tag(exchange), false, false);
  }

  /** Give the message back to the queue, e.g. when the broker would not confirm our republish. */
  public void requeue(Exchange exchange) throws IOException {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    LOG.warn("nack with requeue, delivery {}: {}", tag(exchange), cause == null ? "unknown" : cause.toString());
    channel(exchange).basicNack(tag(exchange), false, true);
  }

  private static Channel channel(Exchange exchange) {
    Channel channel = exchange.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
    if (channel == null) {
      throw new IllegalStateException("no AMQP channel on the exchange: is the consumer in acknowledgeMode=MANUAL?");
    }
    return channel;
  }

  private static long tag(Exchange exchange) {
    Long tag = exchange.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
    if (tag == null) {
      throw new IllegalStateException("no delivery tag on the exchange");
    }
    return tag;
  }
}
