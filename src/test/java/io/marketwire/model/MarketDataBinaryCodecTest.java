package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MarketDataBinaryCodecTest {

  private final MarketDataBinaryCodec codec = new MarketDataBinaryCodec();

  @Test
  void roundTripKeepsEveryFieldAndNanoseconds() {
    MarketData tick = MarketDataFixtures.aapl();

    assertThat(codec.decode(codec.encode(tick))).isEqualTo(tick);
  }

  @Test
  void roundTripKeepsExtremeValues() {
    MarketData tick =
        new MarketData(
            "BRK.B",
            Double.MIN_VALUE,
            Long.MAX_VALUE,
            1e300,
            0,
            0.0001,
            1,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            "",
            Long.MIN_VALUE);

    assertThat(codec.decode(codec.encode(tick))).isEqualTo(tick);
  }

  @Test
  void isCompactAndStartsWithTheVersion() {
    byte[] message = codec.encode(MarketDataFixtures.aapl());

    assertThat(message[0]).isEqualTo((byte) 0x01);
    assertThat(message).hasSize(2 + 4 + 72 + 1 + 6);
  }

  @Test
  void unknownVersionIsRejectedNamingIt() {
    byte[] message = codec.encode(MarketDataFixtures.aapl());
    message[0] = 0x02;

    assertThatThrownBy(() -> codec.decode(message))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageStartingWith("version=\"0x02\"")
        .hasMessageContaining("unknown binary MarketData format version");
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] message = codec.encode(MarketDataFixtures.aapl());

    for (int length = 1; length < message.length; length++) {
      byte[] truncated = Arrays.copyOf(message, length);
      assertThatThrownBy(() -> codec.decode(truncated))
          .as("truncated to %d bytes", length)
          .isInstanceOf(MarketDataFormatException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] message = codec.encode(MarketDataFixtures.aapl());
    byte[] longer = Arrays.copyOf(message, message.length + 3);

    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageContaining("3 unexpected bytes");
  }

  @Test
  void decodesASliceOfALargerBuffer() {
    byte[] message = codec.encode(MarketDataFixtures.aapl());
    byte[] framed = new byte[message.length + 10];
    System.arraycopy(message, 0, framed, 4, message.length);

    assertThat(codec.decode(framed, 4, message.length)).isEqualTo(MarketDataFixtures.aapl());
  }

  @Test
  void emptyIsRejected() {
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(MarketDataFormatException.class)
        .hasMessageContaining("empty");
  }
}
