package io.marketwire.config;

import io.lettuce.core.SslOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one place that turns {@link TlsSettings} into what each client library takes: a JDK {@link
 * SSLContext} for the AMQP client, a Netty {@link SslContext} for the stream client, Lettuce {@link
 * SslOptions} for Redis. All three verify the server's certificate against the configured trust
 * store and its host name (the address dialled must be in the certificate), and send the client
 * certificate when a key store is configured. A refused certificate fails the handshake with a
 * message that names the connection ("RabbitMQ AMQP TLS: certificate of localhost:5671 not
 * trusted ..."), because the libraries' own ("PKIX path building failed") say neither which
 * connection nor which trust store.
 */
public final class TlsContexts {

  public static final String AMQP = "RabbitMQ AMQP";
  public static final String STREAM = "RabbitMQ stream";
  public static final String REDIS = "Redis";

  private TlsContexts() {}

  /** TLS with certificate and host-name verification on an amqp-client connection factory. */
  public static void secure(com.rabbitmq.client.ConnectionFactory factory, TlsSettings settings) {
    factory.useSslProtocol(sslContext(settings, AMQP));
    factory.enableHostnameVerification();
  }

  /** A JDK context for {@code connection} (its name goes into handshake errors). */
  public static SSLContext sslContext(TlsSettings settings, String connection) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      KeyManagerFactory keys = keyManagers(settings);
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          new TrustManager[] {trustManager(settings, connection)},
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(connection + " TLS: " + e.getMessage(), e);
    }
  }

  /** The stream client's context; host-name verification is explicit, Netty 4.1 has it off. */
  public static SslContext streamSslContext(TlsSettings settings) {
    SslContextBuilder builder =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .trustManager(trustManager(settings, STREAM))
            .endpointIdentificationAlgorithm("HTTPS");
    KeyManagerFactory keys = keyManagers(settings);
    if (keys != null) {
      builder.keyManager(keys);
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException(STREAM + " TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Lettuce's options; pair them with {@code SslVerifyMode.FULL} on the URI (see {@link
   * BrokerSettings#redisUri}), which is what turns host-name verification on.
   */
  public static SslOptions redisSslOptions(TlsSettings settings) {
    SslOptions.Builder builder =
        SslOptions.builder().jdkSslProvider().trustManager(factoryOf(trustManager(settings, REDIS)));
    KeyManagerFactory keys = keyManagers(settings);
    if (keys != null) {
      builder.keyManager(keys);
    }
    return builder.build();
  }

  /**
   * For clients that take factories (Redisson): a trust-manager factory with the same
   * verification, and the key managers of the key store (null when none is configured).
   */
  public static TrustManagerFactory trustManagerFactory(TlsSettings settings, String connection) {
    return factoryOf(trustManager(settings, connection));
  }

  public static KeyManagerFactory keyManagerFactory(TlsSettings settings) {
    return keyManagers(settings);
  }

  private static X509ExtendedTrustManager trustManager(TlsSettings settings, String connection) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(settings.trustStorePath().map(p -> trustStore(p, settings)).orElse(null));
      X509ExtendedTrustManager jdk =
          Arrays.stream(factory.getTrustManagers())
              .filter(X509ExtendedTrustManager.class::isInstance)
              .map(X509ExtendedTrustManager.class::cast)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no X.509 trust manager"));
      String source = settings.trustStore().isEmpty() ? "the JDK's trust store" : settings.trustStore();
      return new NamedTrustManager(connection, source, jdk);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(connection + " TLS: " + e.getMessage(), e);
    }
  }

  /** A PEM file of certificates, or a PKCS12 (or JKS) store under its password. */
  private static KeyStore trustStore(Path file, TlsSettings settings) {
    try {
      byte[] content = Files.readAllBytes(file);
      if (new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII)
          .contains("-----BEGIN")) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("ca-" + i++, c);
          }
        }
        if (i == 0) {
          throw new IllegalStateException("no certificate in " + file);
        }
        return store;
      }
      return KeyStore.getInstance(file.toFile(), settings.trustStorePassword().toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "marketwire.tls.trust-store: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static KeyManagerFactory keyManagers(TlsSettings settings) {
    Path file = settings.keyStorePath().orElse(null);
    if (file == null) {
      return null;
    }
    char[] password = settings.keyStorePassword().toCharArray();
    try {
      KeyStore store = KeyStore.getInstance(file.toFile(), password);
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "marketwire.tls.key-store: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory factoryOf(TrustManager trustManager) {
    return new SimpleTrustManagerFactory() {
      @Override
      protected void engineInit(KeyStore keyStore) {}

      @Override
      protected void engineInit(ManagerFactoryParameters parameters) {}

      @Override
      protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {trustManager};
      }
    };
  }

  /**
   * The JDK's trust manager (which also checks the host name when the engine or socket asks for
   * it), with refusals that say which connection, which server and which trust store.
   */
  private static final class NamedTrustManager extends X509ExtendedTrustManager {
    private final String connection;
    private final String source;
    private final X509ExtendedTrustManager delegate;

    NamedTrustManager(String connection, String source, X509ExtendedTrustManager delegate) {
      this.connection = connection;
      this.source = source;
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw refused(engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        String peer =
            socket == null || socket.getInetAddress() == null
                ? "?"
                : socket.getInetAddress().getHostName() + ":" + socket.getPort();
        throw refused(peer, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw refused("?", e);
      }
    }

    private CertificateException refused(String peer, CertificateException cause) {
      return new CertificateException(
          connection
              + " TLS: certificate of "
              + peer
              + " not trusted (trust store "
              + source
              + "): "
              + cause.getMessage(),
          cause);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
