package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketwire.analytics.Indicators;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The incremental indicators against the plain reference computation of {@link RealBars} (a full
 * recomputation over the series at each checked index), on a month of real GWW minute closes.
 */
class IndicatorsOnRealDataTest {

  @Test
  void smaEmaAndWilderRsiMatchTheReferenceOnAMonthOfRealBars() throws Exception {
    double[] p = RealBars.read("GWW", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31)).closeArray();
    assertThat(p.length).isGreaterThan(2000);
    Indicators.Sma sma5 = new Indicators.Sma(5);
    Indicators.Sma sma20 = new Indicators.Sma(20);
    Indicators.Ema ema12 = new Indicators.Ema(12);
    Indicators.Ema ema26 = new Indicators.Ema(26);
    Indicators.WilderRsi rsi14 = new Indicators.WilderRsi(14);
    int checked = 0;
    for (int i = 0; i < p.length; i++) {
      sma5.update(p[i]);
      sma20.update(p[i]);
      ema12.update(p[i]);
      ema26.update(p[i]);
      rsi14.update(p[i]);
      if (i < 40 || i % 97 == 0 || i == p.length - 1) {
        checked++;
        same(sma5.value(), RealBars.sma(p, 5, i));
        same(sma20.value(), RealBars.sma(p, 20, i));
        same(ema12.value(), RealBars.ema(p, 12, i));
        same(ema26.value(), RealBars.ema(p, 26, i));
        same(rsi14.value(), RealBars.rsi(p, 14, i));
      }
    }
    assertThat(checked).isGreaterThan(50);
    assertThat(rsi14.value()).isBetween(0.0, 100.0);
  }

  @Test
  void notReadyUntilEnoughPrices() {
    Indicators.WilderRsi rsi = new Indicators.WilderRsi(14);
    for (int i = 0; i < 14; i++) {
      assertThat(rsi.update(100 + i)).isNaN();
    }
    assertThat(rsi.update(120)).isEqualTo(100.0); // only gains: RSI 100
    Indicators.Ema ema = new Indicators.Ema(3);
    assertThat(ema.update(1)).isNaN();
    assertThat(ema.update(2)).isNaN();
    assertThat(ema.update(3)).isEqualTo(2.0); // seeded with the SMA
    assertThat(ema.update(4)).isEqualTo(3.0); // 4 * 0.5 + 2 * 0.5
  }

  private static void same(double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
    } else {
      assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }
}
