package io.marketwire.dataplane.processors;

import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * Listener containers for the MDP's MDQ consumers: Camel's own, except that they acknowledge
 * {@code messagesPerAck} messages with one multiple ack (or what came within {@code ackTimeout}
 * ms), instead of one ack frame per message, and never requeue: a message the route fails on is
 * rejected and gone (at most once), with no retry interceptor in front of each delivery.
 */
public final class MdqListenerContainerFactory extends DefaultListenerContainerFactory {

  private final int messagesPerAck;
  private final long ackTimeoutMillis;

  public MdqListenerContainerFactory(int messagesPerAck, long ackTimeoutMillis) {
    this.messagesPerAck = messagesPerAck;
    this.ackTimeoutMillis = ackTimeoutMillis;
  }

  @Override
  public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
    AbstractMessageListenerContainer container = super.createListenerContainer(endpoint);
    container.setDefaultRequeueRejected(false);
    container.setAdviceChain();
    if (container instanceof DirectMessageListenerContainer direct) {
      if (endpoint.getPrefetchCount() != null && messagesPerAck >= endpoint.getPrefetchCount()) {
        throw new IllegalArgumentException(
            "messagesPerAck " + messagesPerAck + " must be below the prefetch " + endpoint.getPrefetchCount()
                + ": unacknowledged messages count against it");
      }
      direct.setMessagesPerAck(messagesPerAck);
      direct.setAckTimeout(ackTimeoutMillis);
    }
    return container;
  }
}
