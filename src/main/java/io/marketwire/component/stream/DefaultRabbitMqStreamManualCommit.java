package io.marketwire.component.stream;

import com.rabbitmq.stream.Consumer;

/** Stores a fixed offset through the client consumer that read it. */
final class DefaultRabbitMqStreamManualCommit implements RabbitMqStreamManualCommit {

  private final Consumer consumer;
  private final long offset;

  DefaultRabbitMqStreamManualCommit(Consumer consumer, long offset) {
    this.consumer = consumer;
    this.offset = offset;
  }

  @Override
  public void commit() {
    consumer.store(offset);
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public String toString() {
    return "commit of offset " + offset;
  }
}
