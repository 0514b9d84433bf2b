package io.marketwire.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * When each fault happens: evenly spaced over the load phase (from a tenth to three quarters of
 * the run, so the end of the run is left to drain), kinds in a seeded random order that uses every
 * kind before repeating one. The same seed and options give the same schedule.
 */
record FaultSchedule(List<Planned> faults) {

  /** A fault and when it happens, counted from the start of the load. */
  record Planned(Duration at, Fault fault) {}

  static FaultSchedule plan(Duration run, Duration interval, List<Fault> kinds, long seed) {
    List<Planned> planned = new ArrayList<>();
    if (kinds.isEmpty()) {
      return new FaultSchedule(planned);
    }
    Random random = new Random(seed);
    long first = run.toMillis() / 10;
    long last = run.toMillis() * 3 / 4;
    List<Fault> bag = new ArrayList<>();
    for (long at = first; at <= last; at += interval.toMillis()) {
      if (bag.isEmpty()) {
        bag.addAll(kinds);
        Collections.shuffle(bag, random);
      }
      planned.add(new Planned(Duration.ofMillis(at), bag.remove(0)));
    }
    return new FaultSchedule(List.copyOf(planned));
  }
}
