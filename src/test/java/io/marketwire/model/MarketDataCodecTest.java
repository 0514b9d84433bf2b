package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MarketDataCodecTest {

  private final MarketDataCodec codec = new MarketDataCodec();

  @Test
  void decodesBothFormatsByTheFirstByte() {
    MarketData tick = MarketDataFixtures.aapl();

    assertThat(codec.decode(codec.encodeJson(tick))).isEqualTo(tick);
    assertThat(codec.decode(codec.encodeBinary(tick))).isEqualTo(tick);
  }

  @Test
  void jsonWithLeadingWhitespaceOrBomIsJson() {
    String json = codec.encodeJsonString(MarketDataFixtures.aapl());
    byte[] bom = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);

    assertThat(codec.decodeText("\n  " + json)).isEqualTo(MarketDataFixtures.aapl());
    assertThat(codec.decode(bom)).isEqualTo(MarketDataFixtures.aapl());
  }

  @Test
  void binaryIsNeverMistakenForJson() {
    assertThat(MarketDataCodec.isJson(codec.encodeBinary(MarketDataFixtures.aapl()))).isFalse();
    assertThat(MarketDataCodec.isJson(codec.encodeJson(MarketDataFixtures.aapl()))).isTrue();
  }

  @Test
  void transcodesBetweenFormats() {
    byte[] binary = codec.encodeBinary(MarketDataFixtures.aapl());

    byte[] json = codec.toJson(binary);

    assertThat(json[0]).isEqualTo((byte) '{');
    assertThat(codec.toBinary(json)).isEqualTo(binary);
  }

  @Test
  void garbageIsReportedAsUnknownVersion() {
    byte[] garbage = "hello".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> codec.decode(garbage))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("version=\"0x68\"");
  }

  @Test
  void emptyAndNullAreRejected() {
    assertThatThrownBy(() -> codec.decode(new byte[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> codec.decode(null)).hasMessageContaining("empty");
  }

  @Test
  void decodedValuesAreValidated() {
    MarketData crossed =
        new MarketData("AAPL", 10, 1, 9, 1, 9.5, 1, 1, MarketDataFixtures.NANOS, "X", 1);

    assertThatThrownBy(() -> codec.decode(codec.encodeBinary(crossed)))
        .isInstanceOf(MarketDataException.class)
        .isNotInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("askPrice=9.0");
    assertThatThrownBy(() -> codec.decode(codec.encodeJson(crossed)))
        .hasMessageStartingWith("askPrice=9.0");
  }

  @Test
  void withoutValidatorQuirksPassThrough() {
    MarketData crossed =
        new MarketData("AAPL", 10, 1, 9, 1, 9.5, 1, 1, MarketDataFixtures.NANOS, "X", 1);

    assertThat(new MarketDataCodec(null).decode(codec.encodeBinary(crossed))).isEqualTo(crossed);
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    MarketData tick = MarketDataFixtures.aapl();
    Runnable work =
        () -> {
          for (int i = 0; i < 2_000; i++) {
            MarketData copy =
                new MarketData(
                    "S" + (i % 7), i, i, i + 1, i, i, i, i, MarketDataFixtures.NANOS + i, "X", i);
            assertThat(codec.decode(codec.encodeJson(copy))).isEqualTo(copy);
            assertThat(codec.decode(codec.encodeBinary(copy))).isEqualTo(copy);
          }
        };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(work));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(codec.decode(codec.encodeJson(tick))).isEqualTo(tick);
  }
}
