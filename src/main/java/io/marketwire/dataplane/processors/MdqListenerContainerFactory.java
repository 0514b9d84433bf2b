package io.marketwire.dataplane.processors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Listener containers for the MDP's MDQ consumers: Camel's own, except that they acknowledge
 * {@code messagesPerAck} messages with one multiple ack (or what came within {@code ackTimeout}
 * ms), instead of one ack frame per message, and never requeue: a message the route fails on is
 * rejected and gone (at most once), with no retry interceptor in front of each delivery. With
 * {@link MdqPartitions} enabled, a container consumes its subscription's partitions instead of
 * its one queue.
 *
 * <p>The route picks the container ({@code messageListenerContainerType}). The simple container
 * (SMLC) acknowledges on its consumer thread alone and starts a consumer that lost its connection
 * again after {@code restartIntervalMillis}. The direct one (DMLC) also sends the batched ack from
 * its monitor thread, unsynchronised with the consumer thread (spring-rabbit 3.2.8): when both
 * send the same ack the broker closes the channel and the unacknowledged messages come again, to
 * be skipped as redelivered; and its monitor restarts lost consumers every 10 s only, twice a
 * quote's life in the MDQ.
 */
public final class MdqListenerContainerFactory extends DefaultListenerContainerFactory {

  private final int messagesPerAck;
  private final long ackTimeoutMillis;
  private final long restartIntervalMillis;

  private final MdqPartitions partitions;

  public MdqListenerContainerFactory(
      int messagesPerAck, long ackTimeoutMillis, long restartIntervalMillis, MdqPartitions partitions) {
    this.messagesPerAck = messagesPerAck;
    this.ackTimeoutMillis = ackTimeoutMillis;
    this.restartIntervalMillis = restartIntervalMillis;
    this.partitions = partitions;
  }

  @Override
  public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
    if (!partitions.enabled()) {
      return mdqContainer(endpoint);
    }
    List<AbstractMessageListenerContainer> containers = new ArrayList<>();
    for (String queue : partitions.declare(endpoint)) {
      AbstractMessageListenerContainer container = mdqContainer(endpoint);
      container.setQueueNames(queue);
      container.setConsumerArguments(Map.of("x-priority", partitions.priority(queue)));
      container.setAfterReceivePostProcessors(
          message -> {
            message.getMessageProperties().setHeader(MdqPartitions.CONSUMER_HEADER, message.getMessageProperties().getConsumerTag());
            return message;
          });
      containers.add(container);
    }
    return new PartitionedListenerContainer(endpoint.getConnectionFactory(), containers);
  }

  private AbstractMessageListenerContainer mdqContainer(SpringRabbitMQEndpoint endpoint) {
    AbstractMessageListenerContainer container = super.createListenerContainer(endpoint);
    container.setDefaultRequeueRejected(false);
    container.setAdviceChain();
    if (endpoint.getPrefetchCount() != null && messagesPerAck >= endpoint.getPrefetchCount()) {
      throw new IllegalArgumentException(
          "messagesPerAck " + messagesPerAck + " must be below the prefetch " + endpoint.getPrefetchCount()
              + ": unacknowledged messages count against it");
    }
    if (container instanceof SimpleMessageListenerContainer simple) {
      // one multiple ack after messagesPerAck messages, or once none came for ackTimeout
      simple.setBatchSize(messagesPerAck);
      simple.setReceiveTimeout(ackTimeoutMillis);
      simple.setRecoveryInterval(restartIntervalMillis);
    } else if (container instanceof DirectMessageListenerContainer direct) {
      direct.setMessagesPerAck(messagesPerAck);
      direct.setAckTimeout(ackTimeoutMillis);
    }
    return container;
  }
}
