package io.marketwire.dataplane.listener;

import org.apache.camel.spi.Metadata;

/** Headers the {@code massive:} consumer sets on each event (per-event mode) or batch. */
public final class MassiveConstants {

  @Metadata(description = "Event type: T, Q, A, AM", javaType = "String")
  public static final String EVENT_TYPE = "MarketwireEventType";

  @Metadata(description = "Ticker symbol", javaType = "String")
  public static final String SYMBOL = "MarketwireSymbol";

  @Metadata(description = "Routing key for the MDQ exchange: EV.SYMBOL", javaType = "String")
  public static final String ROUTING_KEY = "MarketwireRoutingKey";

  @Metadata(description = "When the listener received the frame, epoch milliseconds", javaType = "long")
  public static final String RECEIVED_AT = "MarketwireReceivedAt";

  @Metadata(description = "In batch mode, the number of events in the body (a List<MarketEvent>)", javaType = "int")
  public static final String BATCH_SIZE = "MarketwireBatchSize";

  private MassiveConstants() {}
}
