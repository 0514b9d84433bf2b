package io.marketwire.component.stream;

import io.marketwire.config.BrokerSettings;
import io.marketwire.config.TlsSettings;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom a stream-client {@code Environment} connects. Two equal values may share one
 * environment; {@link #toString()} leaves the password out, so it can name a connection in logs
 * and health details.
 *
 * @param uris every node's {@code rabbitmq-stream://} URI on a cluster; empty: {@code host:port}
 * @param tlsTrustAll with TLS, trust any certificate (tests against a self-signed broker only)
 */
public record RabbitMqStreamConnection(
    String host,
    int port,
    List<String> uris,
    String username,
    String password,
    String virtualHost,
    boolean tls,
    boolean tlsTrustAll,
    TlsSettings tlsSettings) {

  public RabbitMqStreamConnection {
    uris = List.copyOf(uris);
    password = Objects.toString(password, "");
    tlsSettings = tlsSettings == null ? TlsSettings.JDK_DEFAULTS : tlsSettings;
  }

  /** The stream connection these broker settings describe (certificates verified with TLS). */
  public static RabbitMqStreamConnection of(BrokerSettings s) {
    return new RabbitMqStreamConnection(
        s.rabbitHost(),
        s.streamPort(),
        s.streamUris(),
        s.rabbitUsername(),
        s.rabbitPassword(),
        s.virtualHost(),
        s.rabbitTls(),
        false,
        s.tls());
  }

  @Override
  public String toString() {
    String where = uris.isEmpty() ? host + ":" + port : String.join(",", uris);
    return where + " vhost=" + virtualHost + " user=" + username + " tls=" + tls;
  }
}
