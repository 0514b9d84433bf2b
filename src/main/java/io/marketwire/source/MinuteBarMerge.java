package io.marketwire.source;

import io.marketwire.model.MinuteBar;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges per-symbol bar streams, each in time order, into one stream in time order: a k-way merge
 * that holds one bar per source, so six years of files cost six bars of memory. Bars with the same
 * start come in symbol order, which makes a replay repeatable.
 */
public final class MinuteBarMerge implements Iterator<MinuteBar>, Closeable {

  /** Start time, then symbol. */
  public static final Comparator<MinuteBar> ORDER =
      Comparator.comparingLong(MinuteBar::startEpochMillis).thenComparing(MinuteBar::symbol);

  private record Head(MinuteBar bar, Iterator<MinuteBar> source) {}

  private final List<? extends Iterator<MinuteBar>> sources;
  private final PriorityQueue<Head> heads =
      new PriorityQueue<>(Comparator.comparing(Head::bar, ORDER));

  /**
   * @param sources streams in time order; those that are {@link Closeable} are closed by {@link
   *     #close()}
   */
  public MinuteBarMerge(List<? extends Iterator<MinuteBar>> sources) {
    this.sources = sources;
    for (Iterator<MinuteBar> source : sources) {
      if (source.hasNext()) {
        heads.add(new Head(source.next(), source));
      }
    }
  }

  @Override
  public boolean hasNext() {
    return !heads.isEmpty();
  }

  /** The bar {@link #next()} will return, or {@code null} at the end. */
  public MinuteBar peek() {
    Head head = heads.peek();
    return head == null ? null : head.bar();
  }

  @Override
  public MinuteBar next() {
    Head head = heads.poll();
    if (head == null) {
      throw new NoSuchElementException("no more bars");
    }
    if (head.source().hasNext()) {
      heads.add(new Head(head.source().next(), head.source()));
    }
    return head.bar();
  }

  @Override
  public void close() {
    UncheckedIOException failure = null;
    for (Iterator<MinuteBar> source : sources) {
      if (source instanceof Closeable closeable) {
        try {
          closeable.close();
        } catch (IOException e) {
          failure = new UncheckedIOException("closing a bar source failed", e);
        } catch (UncheckedIOException e) {
          failure = e;
        }
      }
    }
    heads.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
