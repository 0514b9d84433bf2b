package io.marketwire.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.model.MarketData;
import org.junit.jupiter.api.Test;

class NbboBookTest {

  @Test
  void bestBidAndOfferAcrossExchangesPublishedOnlyOnChange() {
    NbboBook book = new NbboBook();
    assertThat(book.update(quote("NYSE", 10.00, 10.05))).isPresent();
    Nbbo nbbo = book.update(quote("NASDAQ", 10.01, 10.06)).orElseThrow();
    assertThat(nbbo.bidPrice()).isEqualTo(10.01);
    assertThat(nbbo.bidExchange()).isEqualTo("NASDAQ");
    assertThat(nbbo.askPrice()).isEqualTo(10.05);
    assertThat(nbbo.askExchange()).isEqualTo("NYSE");
    // CBOE quotes inside neither side: no change, nothing to publish
    assertThat(book.update(quote("CBOE", 9.99, 10.07))).isEmpty();
    // NASDAQ withdraws its better bid: NYSE's bid is best again
    assertThat(book.update(quote("NASDAQ", 9.98, 10.06)).orElseThrow().bidExchange()).isEqualTo("NYSE");
  }

  private static MarketData quote(String exchange, double bid, double ask) {
    return new MarketData("AZO", bid, 100, ask, 100, 0, 0, 0, 1L, exchange, 1);
  }
}
