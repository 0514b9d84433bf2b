package io.marketwire.marketdata;

import io.marketwire.model.MarketDataCodec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Replaces a message's bytes (binary or seed JSON) with the {@link io.marketwire.model.MarketData}
 * they hold, validated. Bad input raises the codec's {@link IllegalArgumentException} subtypes,
 * which the routes send to the errors stream. A processor rather than a bean call because it runs
 * for every tick of every market-data consumer, and bean binding costs more than the decode.
 */
public final class MarketDataDecoder implements Processor {

  private final MarketDataCodec codec;

  public MarketDataDecoder(MarketDataCodec codec) {
    this.codec = codec;
  }

  @Override
  public void process(Exchange exchange) {
    Message message = exchange.getMessage();
    message.setBody(codec.decode(message.getBody(byte[].class)));
  }
}
