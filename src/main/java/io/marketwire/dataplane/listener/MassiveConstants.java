package io.marketwire.dataplane.listener;

import org.apache.camel.spi.Metadata;

/** Headers the {@code massive:} consumer sets on each event. */
public final class MassiveConstants {

  @Metadata(description = "Event type: T, Q, A, AM", javaType = "String")
  public static final String EVENT_TYPE = "MarketwireEventType";

  @Metadata(description = "Ticker symbol", javaType = "String")
  public static final String SYMBOL = "MarketwireSymbol";

  @Metadata(description = "Routing key for the MDQ exchange: EV.SYMBOL", javaType = "String")
  public static final String ROUTING_KEY = "MarketwireRoutingKey";

  @Metadata(description = "When the listener received the frame, epoch milliseconds", javaType = "long")
  public static final String RECEIVED_AT = "MarketwireReceivedAt";

  private MassiveConstants() {}
}
