package io.marketwire.testsupport;


/**
 * Brokers somebody else runs (a shared test cluster, a cloud instance), reached with the
 * addresses and credentials of {@code config/} as overridden by the environment
 * ({@code MARKETWIRE_RABBITMQ_HOST}, ...). The tests cannot restart them, so fault tests are skipped.
 */
final class RemoteBrokers implements BrokerService {

  @Override
  public boolean controlsBrokers() {
    return false;
  }

  @Override
  public void restart(Broker broker) {
    throw notControlled("restart", broker);
  }

  @Override
  public void stop(Broker broker) {
    throw notControlled("stop", broker);
  }

  @Override
  public void start(Broker broker) {
    throw notControlled("start", broker);
  }

  private static UnsupportedOperationException notControlled(String action, Broker broker) {
    return new UnsupportedOperationException(
        "cannot " + action + " " + broker.serviceName() + ": the brokers are remote (" + BrokerServices.TYPE_PROPERTY + "=remote)");
  }
}
