package io.marketwire.testsupport;

/** A broker the tests can restart, by the name the project's services script knows it by. */
public enum Broker {
  RABBITMQ("rabbitmq"),
  REDIS("redis");

  private final String serviceName;

  Broker(String serviceName) {
    this.serviceName = serviceName;
  }

  /** The name {@code ./marketwire services restart NAME} takes. */
  public String serviceName() {
    return serviceName;
  }
}
