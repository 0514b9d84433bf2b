package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.model.MarketDataCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Decodes a batch exchange of the rabbitmq-stream component (a list of messages) into a {@link
 * TickBatch}: each tick with its stream offset, in stream order. A message that does not decode
 * is left out of the batch and listed in exchange property {@link #REJECTED}, with the reason in
 * its header {@code reason}, for the route to send to the errors stream: one bad tick must not
 * hold back, or fail, the batch around it.
 */
public final class TickBatchDecoder implements Processor {

  /** Exchange property: the batch's messages that did not decode ({@code List<Message>}). */
  public static final String REJECTED = "MarketwireRejectedTicks";

  private final MarketDataCodec codec;

  public TickBatchDecoder(MarketDataCodec codec) {
    this.codec = codec;
  }

  @Override
  public void process(Exchange exchange) {
    @SuppressWarnings("unchecked")
    List<Message> messages = exchange.getMessage().getBody(List.class);
    if (messages == null) {
      throw new IllegalArgumentException("a tick batch needs a list of messages (batching=true)");
    }
    TickBatch batch = new TickBatch(messages.size());
    List<Message> rejected = new ArrayList<>(0);
    for (Message m : messages) {
      try {
        long offset = m.getHeader(RabbitMqStreamConstants.OFFSET, TickBatch.NO_OFFSET, Long.class);
        batch.add(codec.decode(m.getBody(byte[].class)), offset);
      } catch (IllegalArgumentException e) {
        m.setHeader("reason", e.getClass().getSimpleName() + ": " + e.getMessage());
        rejected.add(m);
      }
    }
    exchange.getMessage().setBody(batch);
    exchange.setProperty(REJECTED, rejected);
  }
}
