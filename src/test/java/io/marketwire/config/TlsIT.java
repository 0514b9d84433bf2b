package io.marketwire.config;

import io.marketwire.component.stream.RabbitMqStreamEnvironments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.app.MarketwireConfiguration;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.testsupport.TestCertificates;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.camel.builder.RouteBuilder;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The three broker connections over the TLS listeners of "./marketwire services up --tls", with
 * the tls profile's settings (config/application-tls.properties): each works and does a real
 * operation, each refuses a server whose certificate another CA signed or whose certificate names
 * another host, naming the connection, and the whole app runs over TLS with health UP.
 */
@Tag("integration")
class TlsIT {

  /** The settings of the tls profile, on top of the test profile. */
  private static LayeredProperties config;

  private static BrokerSettings brokers;

  @TempDir static Path tmp;

  private static TestCertificates certificates;

  @BeforeAll
  static void tlsProfile() {
    config = LayeredProperties.load(Path.of("config"), "tls", System.getenv());
    brokers = BrokerSettings.from(config);
    assertThat(brokers.rabbitTls()).isTrue();
    assertThat(brokers.redisTls()).isTrue();
    assertThat(brokers.tls().trustStorePath())
        .hasValueSatisfying(
            ca ->
                assertThat(ca)
                    .as("the local CA of ./marketwire services up --tls")
                    .isRegularFile());
    certificates = new TestCertificates(tmp);
  }

  // ---------------------------------------------------------------- each connection works

  @Test
  void amqpDeclaresPublishesAndConsumesOverTls() throws Exception {
    // the app's own connection factory bean
    CachingConnectionFactory factory = amqpFactory(brokers.tls());
    try (Connection connection = factory.getRabbitConnectionFactory().newConnection();
        Channel channel = connection.createChannel()) {
      assertThat(connection.getPort()).isEqualTo(brokers.amqpPort());
      String queue = channel.queueDeclare("", false, true, true, null).getQueue();
      channel.basicPublish("", queue, null, "over tls".getBytes(StandardCharsets.UTF_8));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                GetResponse got = channel.basicGet(queue, true);
                assertThat(got).isNotNull();
                assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("over tls");
              });
    } finally {
      factory.destroy();
    }
  }

  @Test
  void streamCreatesPublishesAndConsumesOverTls() throws Exception {
    String stream = "tls-it-" + UUID.randomUUID();
    try (Environment env = RabbitMqStreamEnvironments.create(brokers)) {
      env.streamCreator().stream(stream).create();
      try {
        // the producer and the consumer are closed before the stream is deleted: deleting it
        // under an open producer makes the client handle the broker's metadata update while the
        // environment closes, and the two once deadlocked (stream client, in a CI run)
        Producer producer = env.producerBuilder().stream(stream).build();
        CompletableFuture<ConfirmationStatus> confirmed = new CompletableFuture<>();
        producer.send(
            producer.messageBuilder().addData("tick".getBytes(StandardCharsets.UTF_8)).build(),
            confirmed::complete);
        assertThat(confirmed.get(10, TimeUnit.SECONDS).isConfirmed()).isTrue();
        producer.close();
        BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
        com.rabbitmq.stream.Consumer consumer = env.consumerBuilder()
            .stream(stream)
            .offset(OffsetSpecification.first())
            .messageHandler(
                (ctx, msg) -> received.offer(new String(msg.getBodyAsBinary(), StandardCharsets.UTF_8)))
            .build();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("tick");
        consumer.close();
      } finally {
        env.deleteStream(stream);
      }
    }
  }

  @Test
  void redisSetsAndGetsOverTls() {
    RedisClient client = redisClient(brokers.tls());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      String key = "tls-it:" + UUID.randomUUID();
      c.sync().setex(key, 60, "over tls");
      assertThat(c.sync().get(key)).isEqualTo("over tls");
      c.sync().del(key);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void mutualTlsWithTheLocalClientCertificate() throws Exception {
    // client.p12 is what services up --tls made beside ca.pem; the brokers check it when sent
    Path clientStore = brokers.tls().trustStorePath().orElseThrow().resolveSibling("client.p12");
    TlsSettings mutual =
        new TlsSettings(
            brokers.tls().trustStore(), "", clientStore.toString(), brokers.tls().keyStorePassword());
    CachingConnectionFactory factory = amqpFactory(mutual);
    try (Connection connection = factory.getRabbitConnectionFactory().newConnection()) {
      assertThat(connection.isOpen()).isTrue();
    } finally {
      factory.destroy();
    }
    RedisClient client = redisClient(mutual);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      assertThat(c.sync().ping()).isEqualTo("PONG");
    } finally {
      client.shutdown();
    }
  }

  // ---------------------------------------------------------------- refused, with a clear error

  @Test
  void aTrustStoreOfAnotherCaIsRefusedNamingTheConnection() throws Exception {
    TlsSettings otherCa = new TlsSettings(certificates.ca("other-ca").toString(), "", "", "");
    String notTrusted = "TLS: certificate of ";

    CachingConnectionFactory amqp = amqpFactory(otherCa);
    assertRefused(
        () -> amqp.getRabbitConnectionFactory().newConnection().close(),
        "RabbitMQ AMQP " + notTrusted + "localhost:" + brokers.amqpPort() + " not trusted (trust store " + otherCa.trustStore());
    amqp.destroy();

    BrokerSettings streamWithOtherCa = withTls(otherCa);
    assertRefused(
        () -> RabbitMqStreamEnvironments.create(streamWithOtherCa).close(),
        "RabbitMQ stream " + notTrusted + "localhost:" + brokers.streamPort() + " not trusted");

    RedisClient redis = redisClient(otherCa);
    try {
      assertRefused(() -> redis.connect().close(), "Redis " + notTrusted + "localhost:" + brokers.redisPort() + " not trusted");
    } finally {
      redis.shutdown();
    }

  }

  @Test
  void aServerCertificateForAnotherHostIsRefused() throws Exception {
    // a TLS server on loopback whose certificate, from a CA we trust, names another host: the
    // chain is fine, only the host-name check can refuse it
    certificates.ca("test-ca");
    Path serverStore =
        certificates.signedPkcs12(
            "elsewhere",
            "test-ca",
            "subjectAltName=DNS:elsewhere.example\nextendedKeyUsage=serverAuth",
            "pw");
    TlsSettings trustTestCa = new TlsSettings(tmp.resolve("test-ca.pem").toString(), "", "", "");
    try (TlsServer server = new TlsServer(serverStore, "pw")) {
      BrokerSettings toServer = withTls(trustTestCa, server.port());
      String wrongHost = "not trusted (trust store " + trustTestCa.trustStore() + "): No subject alternative";

      CachingConnectionFactory amqp = amqpFactory(trustTestCa, server.port());
      assertRefused(
          () -> amqp.getRabbitConnectionFactory().newConnection().close(),
          "RabbitMQ AMQP TLS: certificate of localhost:" + server.port() + " " + wrongHost);
      amqp.destroy();

      // the stream client reports a refused handshake either with its cause or, when its channel
      // closes first, as a closed channel: so check the refusal, and that its engines check names
      assertThatThrownBy(() -> RabbitMqStreamEnvironments.create(toServer).close()).isNotNull();
      assertThat(
              TlsContexts.streamSslContext(trustTestCa)
                  .newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", server.port())
                  .getSSLParameters()
                  .getEndpointIdentificationAlgorithm())
          .isEqualTo("HTTPS");

      RedisClient redis =
          new MarketwireConfiguration()
              .redisClient("localhost", server.port(), "", true, trustTestCa);
      try {
        assertRefused(() -> redis.connect().close(), "Redis TLS: certificate of localhost:" + server.port() + " " + wrongHost);
      } finally {
        redis.shutdown();
      }
    }
  }

  // ---------------------------------------------------------------- the whole app

  @Test
  void theAppRunsOverTlsWithHealthUp() throws Exception {
    Map<String, String> overrides = new HashMap<>();
    Properties tlsProfile = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("config/application-tls.properties"))) {
      tlsProfile.load(r);
    }
    tlsProfile.stringPropertyNames().forEach(k -> overrides.put(k, tlsProfile.getProperty(k).trim()));
    String stream = "tls-it-app-" + UUID.randomUUID();
    String redisStream = "tls-it-app:" + UUID.randomUUID();
    try (RunningApp app = RunningApp.start("file:routes/system/heartbeat/*.camel.yaml", overrides)) {
      // rabbitmq-stream: and redis-stream: as the app configured them (application.properties)
      app.context()
          .addRoutes(
              new RouteBuilder() {
                @Override
                public void configure() {
                  from("rabbitmq-stream:" + stream + "?offset=first&declare=true")
                      .routeId("tls-it-stream-to-redis")
                      .to("redis-stream:" + redisStream);
                }
              });
      // added after the start, the route is ours to start (the route controller started the rest)
      app.context().getRouteController().startRoute("tls-it-stream-to-redis");
      app.context()
          .createProducerTemplate()
          .sendBody("rabbitmq-stream:" + stream, "through both".getBytes(StandardCharsets.UTF_8));
      RedisClient redis = redisClient(brokers.tls());
      try (StatefulRedisConnection<String, String> c = redis.connect()) {
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(c.sync().xlen(redisStream)).isEqualTo(1));
        c.sync().del(redisStream);
      } finally {
        redis.shutdown();
      }
      String port = app.context().resolvePropertyPlaceholders("{{camel.server.port}}");
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                HttpResponse<String> health =
                    http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"name\":\"rabbitmq-amqp\",\"status\":\"UP\"")
                    .contains("\"name\":\"redis\",\"status\":\"UP\"");
                assertThat(health.statusCode()).isEqualTo(200);
              });
    } finally {
      try (Environment env = RabbitMqStreamEnvironments.create(brokers)) {
        if (env.streamExists(stream)) {
          env.deleteStream(stream);
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static CachingConnectionFactory amqpFactory(TlsSettings tls) throws Exception {
    return amqpFactory(tls, brokers.amqpPort());
  }

  private static CachingConnectionFactory amqpFactory(TlsSettings tls, int port) throws Exception {
    return new MarketwireConfiguration()
        .rabbitConnectionFactory(
            brokers.rabbitHost(),
            port,
            "",
            brokers.virtualHost(),
            brokers.rabbitUsername(),
            brokers.rabbitPassword(),
            true,
            java.time.Duration.ofSeconds(10),
            tls);
  }

  private static RedisClient redisClient(TlsSettings tls) {
    return new MarketwireConfiguration()
        .redisClient(
            brokers.redisHost(),
            brokers.redisPort(),
            brokers.redisPassword(),
            true,
            tls);
  }

  private static BrokerSettings withTls(TlsSettings tls) {
    return withTls(tls, brokers.streamPort());
  }

  private static BrokerSettings withTls(TlsSettings tls, int streamPort) {
    return new BrokerSettings(
        brokers.rabbitHost(), brokers.amqpPort(), streamPort, brokers.managementPort(),
        brokers.virtualHost(), brokers.rabbitUsername(), brokers.rabbitPassword(), true,
        brokers.redisHost(), brokers.redisPort(), brokers.redisPassword(), true, tls,
        brokers.amqpAddresses(), brokers.streamUris());
  }

  /** The attempt fails, and somewhere in its causes is the message naming the connection. */
  private static void assertRefused(ThrowingCallable attempt, String message) {
    assertThatThrownBy(attempt)
        .satisfies(
            e -> {
              StringBuilder chain = new StringBuilder();
              for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                chain.append(t).append('\n');
              }
              assertThat(chain.toString()).contains(message);
            });
  }

  /** A TLS server on loopback that completes handshakes with its certificate, and nothing more. */
  private static final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread acceptor;

    TlsServer(Path pkcs12, String password) throws Exception {
      KeyStore store = KeyStore.getInstance(pkcs12.toFile(), password.toCharArray());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      socket =
          (SSLServerSocket)
              context.getServerSocketFactory().createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.setSoTimeout(5_000);
                    client.startHandshake();
                  } catch (IOException e) {
                    // the client refused our certificate: what the test wants
                  }
                }
              },
              "tls-it-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
