package io.marketwire.model;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of each codec per message, to choose the stream format with numbers. Run with {@code java
 * -cp <test classpath> org.openjdk.jmh.Main MarketDataCodecBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MarketDataCodecBenchmark {

  private final MarketDataCodec codec = new MarketDataCodec(null);
  private final MarketData tick = MarketDataFixtures.aapl();
  private final byte[] json = codec.encodeJson(tick);
  private final byte[] binary = codec.encodeBinary(tick);
  private final byte[] pydanticJson =
      ("{\"symbol\":\"AAPL\",\"bid_price\":\"185.50\",\"ask_price\":\"185.52\","
              + "\"bid_size\":\"500\",\"ask_size\":\"300\",\"last_price\":\"185.51\","
              + "\"last_size\":\"100\",\"volume\":\"5000000\","
              + "\"timestamp\":\"2024-01-02T14:30:00.123456Z\",\"exchange\":\"NASDAQ\","
              + "\"sequence_number\":12345}")
          .getBytes(StandardCharsets.UTF_8);

  @Benchmark
  public byte[] encodeJson() {
    return codec.encodeJson(tick);
  }

  @Benchmark
  public byte[] encodeBinary() {
    return codec.encodeBinary(tick);
  }

  @Benchmark
  public MarketData decodeJson() {
    return codec.decode(json);
  }

  @Benchmark
  public MarketData decodePydanticJson() {
    return codec.decode(pydanticJson);
  }

  @Benchmark
  public MarketData decodeBinary() {
    return codec.decode(binary);
  }
}
