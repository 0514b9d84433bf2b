package io.marketwire.chaos;

import java.util.List;
import java.util.Map;

/**
 * One flow family under chaos: the load it generates (or has the app generate), the malformed
 * input it injects, and the accounting of every message at the end. Implementations own their
 * broker objects, named after the run so that runs never mix.
 */
interface Ledger extends AutoCloseable {

  /** Route files the app runs for this family, as Camel include patterns. */
  List<String> routes();

  /** Properties the app runs with for this family (stream, queue and key names of the run). */
  Map<String, String> appProperties();

  /** Called once the app is up: declare what the accounting reads, start generating load. */
  void start() throws Exception;

  /** One round of malformed input on this family's entry points. */
  void injectMalformed() throws Exception;

  /** True once everything produced has reached its final place (or the run can wait no more). */
  boolean settled() throws Exception;

  /** The accounting rows, read from where the messages ended. */
  List<LedgerRow> account() throws Exception;

  /** Stops load generators and removes the run's streams, queues and keys. */
  @Override
  void close();
}
