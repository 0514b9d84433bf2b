package io.marketwire.testsupport;

import io.marketwire.config.BrokerSettings;

/**
 * The brokers the tests run against, in the manner of Camel's test-infra services: every test
 * reaches RabbitMQ and Redis through {@link BrokerServices#get()}, whatever runs them (the project's
 * own chroot, Docker Compose, or brokers somebody else operates).
 */
public interface BrokerService {

  /** Where the brokers listen and with which credentials: {@code config/} plus the environment. */
  default BrokerSettings settings() {
    return BrokerSettings.fromWorkingDirectory();
  }

  /** Whether this service can stop and start its brokers; fault tests need it. */
  boolean controlsBrokers();

  /** Restarts {@code broker} and returns once it accepts clients again, data kept. */
  void restart(Broker broker);

  /** Stops {@code broker} (RabbitMQ's application; the node stays), data kept. */
  void stop(Broker broker);

  /** Starts what {@link #stop} stopped and returns once it accepts clients. */
  void start(Broker broker);
}
