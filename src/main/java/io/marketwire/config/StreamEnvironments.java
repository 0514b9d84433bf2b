package io.marketwire.config;

import com.rabbitmq.stream.Environment;

/**
 * A stream-client Environment for the configured broker, for commands outside Camel routes; with
 * TLS it verifies the broker's certificate and host name ({@link TlsContexts}). On a cluster it is
 * given every node's URI: the client asks any of them where a stream's leader and replicas are and
 * connects to the host and port each node advertises (127.0.0.1 and its own stream port here).
 */
public final class StreamEnvironments {

  private StreamEnvironments() {}

  public static Environment create(BrokerSettings settings) {
    var builder = Environment.builder();
    if (settings.streamUris().isEmpty()) {
      builder.host(settings.rabbitHost()).port(settings.streamPort());
    } else {
      builder.uris(settings.streamUris());
    }
    // after uris(...), which would otherwise take guest from URIs without credentials
    builder
        .username(settings.rabbitUsername())
        .password(settings.rabbitPassword())
        .virtualHost(settings.virtualHost());
    if (settings.rabbitTls()) {
      builder = builder.tls().sslContext(TlsContexts.streamSslContext(settings.tls())).environmentBuilder();
    }
    return builder.build();
  }
}
