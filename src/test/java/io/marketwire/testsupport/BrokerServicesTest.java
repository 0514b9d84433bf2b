package io.marketwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerServicesTest {

  @Test
  void localBrokersAreControlledThroughTheServicesScript() {
    assertThat(BrokerServices.create("local")).isInstanceOf(ServicesScriptBrokers.class)
        .extracting(BrokerService::controlsBrokers).isEqualTo(true);
  }

  @Test
  void remoteBrokersRefuseToRestartWithAReason() {
    BrokerService remote = BrokerServices.create(" Remote ");
    assertThat(remote.controlsBrokers()).isFalse();
    assertThatThrownBy(() -> remote.restart(Broker.REDIS))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cannot restart redis").hasMessageContaining("marketwire.brokers=remote");
  }

  @Test
  void anUnknownTypeIsNamedInTheError() {
    assertThatThrownBy(() -> BrokerServices.create("docker"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'docker'");
  }
}
