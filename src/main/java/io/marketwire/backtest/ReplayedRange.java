package io.marketwire.backtest;

/**
 * A range as the market-data producer published it: the producer name (which names the range,
 * its symbols and ticks per bar) and how many ticks it holds, numbered 1..ticks as publishing ids.
 *
 * @param alreadyStored the name's last publishing id before this publication: 0 when every tick
 *     is new (so all of them are after the publication's start time on the stream)
 * @param publishedAfterMillis wall-clock time just before the publication started
 */
public record ReplayedRange(String producerName, long ticks, long alreadyStored, long publishedAfterMillis) {}
