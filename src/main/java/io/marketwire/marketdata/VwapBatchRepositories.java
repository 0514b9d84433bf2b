package io.marketwire.marketdata;

import io.marketwire.config.TlsContexts;
import io.marketwire.config.TlsSettings;
import javax.net.ssl.KeyManagerFactory;
import org.apache.camel.component.redis.processor.aggregate.RedisAggregationRepository;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.codec.SerializationCodec;
import org.redisson.config.Config;
import org.redisson.config.SslVerificationMode;

/**
 * Where the VWAP aggregator keeps the batch that is still filling ({@code
 * marketwire.vwap.aggregation-repository}):
 *
 * <ul>
 *   <li>{@code memory} (default): in the JVM. A crash loses the partial batch from memory, but not
 *       from the stream: the consumer stores its offset only after a batch's results are saved, so
 *       a restart reads those ticks again.
 *   <li>{@code redis}: Camel's {@link RedisAggregationRepository} (Redisson), which writes the batch
 *       to Redis on every tick, under a Redis lock, so it survives the JVM. It buys no extra safety
 *       here and costs most of the consumer's rate (docs/benchmarks.md has the numbers); it is
 *       there for flows whose input cannot be read again.
 * </ul>
 */
public final class VwapBatchRepositories {

  private VwapBatchRepositories() {}

  /**
   * @param kind {@code memory} or {@code redis}
   * @param name distinguishes this consumer's batches from others' in Redis
   * @param redisUri {@code redis://host:port} or {@code rediss://host:port}
   * @param redisPassword empty for none
   * @param tls with {@code rediss://}: what to trust (certificate and host name are verified)
   */
  public static AggregationRepository create(
      String kind, String name, String redisUri, String redisPassword, TlsSettings tls) {
    return switch (kind.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "memory" -> new MemoryAggregationRepository();
      case "redis" -> redis(name, redisUri, redisPassword, tls);
      default ->
          throw new IllegalArgumentException(
              "marketwire.vwap.aggregation-repository must be memory or redis, was '" + kind + "'");
    };
  }

  private static AggregationRepository redis(
      String name, String redisUri, String redisPassword, TlsSettings tls) {
    Config config = new Config();
    // Java serialisation: the batch (TickBatch of MarketData records) is Serializable as it is
    config.setCodec(new SerializationCodec());
    var server = config.useSingleServer().setAddress(redisUri);
    if (redisPassword != null && !redisPassword.isEmpty()) {
      server.setPassword(redisPassword);
    }
    if (redisUri.startsWith("rediss://")) {
      // the same trust as every other connection (TlsContexts), host name checked
      server
          .setSslTrustManagerFactory(TlsContexts.trustManagerFactory(tls, TlsContexts.REDIS))
          .setSslVerificationMode(SslVerificationMode.STRICT);
      KeyManagerFactory keys = TlsContexts.keyManagerFactory(tls);
      if (keys != null) {
        server.setSslKeyManagerFactory(keys);
      }
    }
    RedissonClient redisson = Redisson.create(config);
    RedisAggregationRepository repository = new RedissonOwningRepository(redisson);
    repository.setMapName("marketwire:vwap:" + name + ":aggregation");
    return repository;
  }

  /** Shuts down the Redisson client it was given when it stops (the parent only does so for its own). */
  private static final class RedissonOwningRepository extends RedisAggregationRepository {
    private final RedissonClient redisson;

    RedissonOwningRepository(RedissonClient redisson) {
      this.redisson = redisson;
      setRedisson(redisson);
    }

    @Override
    protected void doStop() throws Exception {
      super.doStop();
      redisson.shutdown();
    }
  }
}
