/**
 * The market data values Marketwire moves and their wire formats.
 *
 * <p>{@link io.marketwire.model.MarketData} is the tick, {@link io.marketwire.model.MinuteBar} the
 * minute bar. Routes read and write ticks through {@link io.marketwire.model.MarketDataCodec},
 * which accepts both the JSON of the Python reference producer and the compact binary stream
 * format, and validates what it reads with {@link io.marketwire.model.MarketDataValidator}.
 * Everything here is immutable and thread-safe, with no dependency on Camel, so commands, tests and
 * benchmarks use it directly.
 */
package io.marketwire.model;
