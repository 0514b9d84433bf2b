package io.marketwire.cli;

import java.util.concurrent.Callable;

/**
 * A command that a flow family contributes to {@code ./marketwire} because it does what a route
 * cannot (a backtest's parameter sweep, a chaos run's faults and accounting). Listed in {@code
 * META-INF/services/io.marketwire.cli.ContributedCommand} and found with {@link
 * java.util.ServiceLoader}, as Camel finds components, so the command line names no family and no
 * family's package depends on one that depends on it.
 */
public interface ContributedCommand extends Callable<Integer> {}
