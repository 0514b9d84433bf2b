package io.marketwire.chaos;

import io.marketwire.config.BrokerSettings;
import java.nio.file.Path;

/**
 * One chaos run: its id (every stream, queue and key it makes is named after it), its folder for
 * logs and the report, how long it loads the system, and where the brokers and real bars are.
 */
record ChaosRun(String id, Path dir, double minutes, long seed, BrokerSettings brokers, Path barsDirectory) {

  /** A name of this run's, e.g. {@code chaos-1a2b3c-md}. */
  String name(String what) {
    return "chaos-" + id + "-" + what;
  }

  long loadMillis() {
    return Math.round(minutes * 60_000);
  }
}
