package io.marketwire.config;

import com.rabbitmq.stream.Environment;

/**
 * A stream-client Environment for the configured broker, for commands outside Camel routes; with
 * TLS it verifies the broker's certificate and host name ({@link TlsContexts}).
 */
public final class StreamEnvironments {

  private StreamEnvironments() {}

  public static Environment create(BrokerSettings settings) {
    var builder =
        Environment.builder()
            .host(settings.rabbitHost())
            .port(settings.streamPort())
            .username(settings.rabbitUsername())
            .password(settings.rabbitPassword())
            .virtualHost(settings.virtualHost());
    if (settings.rabbitTls()) {
      builder = builder.tls().sslContext(TlsContexts.streamSslContext(settings.tls())).environmentBuilder();
    }
    return builder.build();
  }
}
