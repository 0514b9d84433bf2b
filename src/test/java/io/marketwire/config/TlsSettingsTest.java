package io.marketwire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marketwire.tls.* settings and what TlsContexts makes of them, without a broker. */
class TlsSettingsTest {

  @TempDir Path tmp;

  @Test
  void readsTheKeysAndExpandsTheHomeFolder() {
    Map<String, String> keys =
        Map.of(
            "marketwire.tls.trust-store", " ~/.cache/marketwire/tls/ca.pem ",
            "marketwire.tls.key-store", "");
    TlsSettings settings = TlsSettings.from(k -> keys.getOrDefault(k, ""));
    assertThat(settings.trustStorePath())
        .contains(Path.of(System.getProperty("user.home"), ".cache/marketwire/tls/ca.pem"));
    assertThat(settings.keyStorePath()).isEmpty();
  }

  @Test
  void neverShowsPasswords() {
    TlsSettings settings = new TlsSettings("/ca.p12", "trust-secret", "/me.p12", "key-secret");
    assertThat(settings.toString())
        .contains("/ca.p12", "/me.p12")
        .doesNotContain("trust-secret", "key-secret");
  }

  @Test
  void aMissingTrustStoreNamesTheSettingAndTheFile() {
    TlsSettings settings = new TlsSettings(tmp.resolve("nope.pem").toString(), "", "", "");
    assertThatThrownBy(() -> TlsContexts.sslContext(settings, TlsContexts.AMQP))
        .hasMessageContaining("marketwire.tls.trust-store: cannot read " + tmp.resolve("nope.pem"));
  }

  @Test
  void aPemFileWithoutCertificatesIsRefused() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "-----BEGIN nothing-----\n");
    assertThatThrownBy(() -> TlsContexts.sslContext(new TlsSettings(empty.toString(), "", "", ""), TlsContexts.AMQP))
        .hasMessageContaining("marketwire.tls.trust-store");
  }

  @Test
  void everyClientChecksTheHostName() throws Exception {
    Path ca = new TestCertificates(tmp).ca("unit-ca");
    TlsSettings settings = new TlsSettings(ca.toString(), "", "", "");
    // the stream client's Netty engines (Netty 4.1 leaves this off unless asked)
    SSLEngine engine =
        TlsContexts.streamSslContext(settings)
            .newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", 5551);
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    // AMQP: amqp-client's hostname verification is switched on by TlsContexts.secure
    com.rabbitmq.client.ConnectionFactory amqp = new com.rabbitmq.client.ConnectionFactory();
    TlsContexts.secure(amqp, settings);
    assertThat(amqp.isSSL()).isTrue();
    // Redis: full verification on the URI
    assertThat(BrokerSettings.redisUri("localhost", 6380, null, "", true).build().getVerifyMode())
        .isEqualTo(io.lettuce.core.SslVerifyMode.FULL);
  }
}
