package io.marketwire.component.stream;

import com.rabbitmq.stream.Consumer;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;

/**
 * Messages of one stream (one partition of a super stream) read but not yet handed to the route,
 * in offset order. Offsets of different partitions are not comparable, so each partition gathers
 * its own batch and stores its own offset.
 */
final class RabbitMqStreamBatch {

  private final String stream;
  private final List<Message> messages;
  private Consumer consumer;
  private long firstOffset = -1;
  private long lastOffset = -1;
  private long startedNanos;

  RabbitMqStreamBatch(String stream, int capacity) {
    this.stream = stream;
    this.messages = new ArrayList<>(capacity);
  }

  void add(Consumer readBy, long offset, Message message) {
    if (messages.isEmpty()) {
      firstOffset = offset;
      startedNanos = System.nanoTime();
    }
    consumer = readBy;
    lastOffset = offset;
    messages.add(message);
  }

  /** Hands the gathered messages over and starts a new batch. */
  Taken take() {
    Taken taken = new Taken(stream, List.copyOf(messages), consumer, firstOffset, lastOffset);
    messages.clear();
    firstOffset = -1;
    lastOffset = -1;
    return taken;
  }

  /** Forgets the gathered messages: another consumer took the partition over and reads them. */
  void discard() {
    messages.clear();
    firstOffset = -1;
    lastOffset = -1;
  }

  int size() {
    return messages.size();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  boolean olderThan(long nanos) {
    return !messages.isEmpty() && System.nanoTime() - startedNanos >= nanos;
  }

  /** One batch handed to the route, with what storing its offset needs. */
  record Taken(
      String stream, List<Message> messages, Consumer consumer, long firstOffset, long lastOffset) {}
}
