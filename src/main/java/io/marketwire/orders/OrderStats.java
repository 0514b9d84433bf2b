package io.marketwire.orders;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to the orders this process saw, for the live log and the end-of-run summary.
 * Ids are kept (not only counts) so that a test can check that every confirmed order was either
 * processed or dead-lettered, and how many were seen twice (at-least-once delivery).
 */
public final class OrderStats {

  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final Set<String> processed = ConcurrentHashMap.newKeySet();
  private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
  private final AtomicLong unconfirmed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong dispatched = new AtomicLong();
  private final AtomicLong unroutable = new AtomicLong();
  private final AtomicLong notifications = new AtomicLong();
  private final AtomicLong analytics = new AtomicLong();
  private final AtomicLong logLines = new AtomicLong();
  private final AtomicLong failureLogLines = new AtomicLong();
  private final AtomicLong rpcAnswered = new AtomicLong();
  private final AtomicLong rpcTimedOut = new AtomicLong();
  private final Map<String, AtomicLong> byWorker = new ConcurrentHashMap<>();

  public void confirmed(String id) {
    confirmed.add(id);
  }

  public void unconfirmed() {
    unconfirmed.incrementAndGet();
  }

  public void processed(String id, String worker) {
    if (!processed.add(id)) {
      duplicates.incrementAndGet();
    }
    byWorker.computeIfAbsent(worker, w -> new AtomicLong()).incrementAndGet();
  }

  public void retried() {
    retried.incrementAndGet();
  }

  public void deadLettered(String id, boolean malformedOrder) {
    if (!deadLettered.add(id)) {
      duplicates.incrementAndGet();
    }
    if (malformedOrder) {
      malformed.incrementAndGet();
    }
  }

  public void dispatched() {
    dispatched.incrementAndGet();
  }

  public void unroutable() {
    unroutable.incrementAndGet();
  }

  public void notification() {
    notifications.incrementAndGet();
  }

  public void analytics() {
    analytics.incrementAndGet();
  }

  public void logLine(boolean failureLog) {
    (failureLog ? failureLogLines : logLines).incrementAndGet();
  }

  public void rpcAnswered() {
    rpcAnswered.incrementAndGet();
  }

  public void rpcTimedOut() {
    rpcTimedOut.incrementAndGet();
  }

  public long produced() {
    return confirmed.size();
  }

  /** Orders processed per worker name (the worker id with the consumer thread, or the thread). */
  public Map<String, Long> processedPerWorker() {
    Map<String, Long> out = new java.util.TreeMap<>();
    byWorker.forEach((worker, n) -> out.put(worker, n.get()));
    return out;
  }

  public long processedCount() {
    return processed.size();
  }

  public long deadLetteredCount() {
    return deadLettered.size();
  }

  /** Orders confirmed by the broker that have not (yet) been processed or dead-lettered. */
  public Set<String> unsettled() {
    Set<String> open = ConcurrentHashMap.newKeySet();
    for (String id : confirmed) {
      if (!processed.contains(id) && !deadLettered.contains(id)) {
        open.add(id);
      }
    }
    return open;
  }

  public boolean settled() {
    return unsettled().isEmpty();
  }

  public Set<String> processedIds() {
    return Set.copyOf(processed);
  }

  public Set<String> deadLetteredIds() {
    return Set.copyOf(deadLettered);
  }

  public Set<String> confirmedIds() {
    return Set.copyOf(confirmed);
  }

  public long retriedCount() {
    return retried.get();
  }

  public long unroutableCount() {
    return unroutable.get();
  }

  public long dispatchedCount() {
    return dispatched.get();
  }

  public long rpcAnsweredCount() {
    return rpcAnswered.get();
  }

  public long rpcTimedOutCount() {
    return rpcTimedOut.get();
  }

  public long duplicatesCount() {
    return duplicates.get();
  }

  /** The end-of-run summary, laid out so that the sums can be checked by eye. */
  public String summary() {
    long produced = produced();
    long done = processed.size();
    long dead = deadLettered.size();
    long open = unsettled().size();
    StringBuilder s = new StringBuilder();
    s.append("\n==================== orders summary ====================\n");
    s.append(String.format("produced (confirmed)   %6d%n", produced));
    s.append(String.format("  processed            %6d%n", done));
    s.append(String.format("  dead-lettered        %6d   (malformed %d, out of retries %d)%n", dead, malformed.get(), dead - malformed.get()));
    s.append(String.format("  still in flight      %6d%n", open));
    s.append(String.format("  check: %d = %d + %d + %d -> %s%n", produced, done, dead, open,
        produced == done + dead + open ? "adds up" : "DOES NOT ADD UP"));
    s.append(String.format("retried (attempts)     %6d%n", retried.get()));
    s.append(String.format("duplicates seen        %6d   (at-least-once redeliveries)%n", duplicates.get()));
    s.append(String.format("unconfirmed publishes  %6d%n", unconfirmed.get()));
    s.append(String.format("dispatched by region   %6d   unroutable (alternate exchange) %d%n", dispatched.get(), unroutable.get()));
    s.append(String.format("  check: processed %d = dispatched %d + unroutable %d -> %s%n", done, dispatched.get(), unroutable.get(),
        done == dispatched.get() + unroutable.get() ? "adds up" : "not yet"));
    s.append(String.format("notifications %d, analytics %d, log lines %d (failure log %d)%n",
        notifications.get(), analytics.get(), logLines.get(), failureLogLines.get()));
    s.append(String.format("RPC inventory calls    answered %d, timed out %d%n", rpcAnswered.get(), rpcTimedOut.get()));
    s.append("processed per worker   ").append(byWorker).append('\n');
    s.append("========================================================");
    return s.toString();
  }
}
