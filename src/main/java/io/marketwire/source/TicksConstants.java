package io.marketwire.source;

import org.apache.camel.spi.Metadata;

/** Headers a {@code ticks:} consumer sets on every exchange. */
public final class TicksConstants {

  @Metadata(description = "What the body is: `tick` or `bar`.", javaType = "String")
  public static final String KIND = "MarketwireTickKind";

  @Metadata(description = "The symbol the tick or bar is about.", javaType = "String")
  public static final String SYMBOL = "MarketwireSymbol";

  @Metadata(
      description = "Event time in epoch nanoseconds UTC: a tick's timestamp, a bar's end.",
      javaType = "long")
  public static final String EVENT_TIME = "MarketwireEventTime";

  @Metadata(
      description =
          "Set to true on the last exchange when the source ends (replay finished or maxTicks"
              + " reached); the exchange property CamelBatchComplete is set too.",
      javaType = "boolean")
  public static final String SOURCE_COMPLETE = "MarketwireSourceComplete";

  @Metadata(
      description =
          "A replayed event's position in its range (1, 2, ...): the same for the same range,"
              + " symbols and ticksPerBar, so it can serve as a publishing id. The simulator sets"
              + " none. The endpoint option positionHeader names another header.",
      javaType = "long")
  public static final String POSITION = "MarketwireSourcePosition";

  @Metadata(
      description = "With batchSize above 1: the number of events (messages) in the exchange's body.",
      javaType = "int")
  public static final String BATCH_SIZE = "MarketwireSourceBatchSize";

  /** Value of {@link #KIND} for ticks. */
  public static final String KIND_TICK = "tick";

  /** Value of {@link #KIND} for bars. */
  public static final String KIND_BAR = "bar";

  private TicksConstants() {}
}
