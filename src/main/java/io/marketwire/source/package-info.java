/**
 * Market data tick sources: a random-walk {@link io.marketwire.source.TickSimulator} and a {@link
 * io.marketwire.source.BarReplay} of the project's real 2024 minute bars.
 *
 * <p>Both are plain iterators, usable from tests, commands and benchmarks, paced (when wanted) by a
 * {@link io.marketwire.source.Pacer}. The {@code ticks:} Camel component ({@link
 * io.marketwire.source.TicksComponent}) puts them at the start of a route: {@code from:
 * "ticks:simulator?symbols=AAPL,MSFT&rate=200"} or {@code from:
 * "ticks:replay?from=2024-03-01&to=2024-03-01&speed=60"}.
 */
package io.marketwire.source;
