package io.marketwire.dataplane.processors;

import java.util.List;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * One Camel consumer on several partition queues, each through a listener container of its own:
 * Spring's containers give every queue the same consumer arguments, and each partition needs its
 * own consumer priority ({@link MdqPartitions#priority}). The Camel consumer sees one container;
 * its lifecycle and message listener go to every partition's.
 */
final class PartitionedListenerContainer extends DirectMessageListenerContainer {

  private final List<AbstractMessageListenerContainer> partitions;

  PartitionedListenerContainer(ConnectionFactory connectionFactory, List<AbstractMessageListenerContainer> partitions) {
    super(connectionFactory);
    this.partitions = List.copyOf(partitions);
  }

  @Override
  public void setMessageListener(MessageListener listener) {
    super.setMessageListener(listener);
    partitions.forEach(p -> p.setMessageListener(listener));
  }

  @Override
  public void afterPropertiesSet() {
    super.afterPropertiesSet();
    partitions.forEach(AbstractMessageListenerContainer::afterPropertiesSet);
  }

  @Override
  protected void doStart() {
    super.doStart();
    partitions.forEach(AbstractMessageListenerContainer::start);
  }

  @Override
  protected void doStop() {
    partitions.forEach(AbstractMessageListenerContainer::stop);
    super.doStop();
  }

  @Override
  public void destroy() {
    partitions.forEach(AbstractMessageListenerContainer::destroy);
    super.destroy();
  }
}
