package io.marketwire.analytics;

import io.marketwire.model.MarketData;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each exchange's latest quote per symbol and the best bid and offer across them. An update
 * returns the new NBBO only when it changed, so the route publishes on change and nothing else.
 * Ties go to the larger size, then to the exchange that quoted first (kept on equal terms).
 * Thread-safe by confinement: one route thread owns it, or calls are synchronized.
 */
public final class NbboBook {

  private record Side(double price, long size) {}

  private final Map<String, Map<String, Side[]>> quotes = new HashMap<>();
  private final Map<String, Nbbo> current = new HashMap<>();

  /** Records a quote; returns the symbol's NBBO if the quote changed it. */
  public synchronized Optional<Nbbo> update(MarketData quote) {
    Map<String, Side[]> byExchange = quotes.computeIfAbsent(quote.symbol(), s -> new HashMap<>());
    byExchange.put(
        quote.exchange(),
        new Side[] {new Side(quote.bidPrice(), quote.bidSize()), new Side(quote.askPrice(), quote.askSize())});

    String bidExchange = null;
    String askExchange = null;
    Side bid = null;
    Side ask = null;
    for (var entry : byExchange.entrySet()) {
      Side b = entry.getValue()[0];
      Side a = entry.getValue()[1];
      if (b.price() > 0 && (bid == null || b.price() > bid.price() || (b.price() == bid.price() && b.size() > bid.size()))) {
        bid = b;
        bidExchange = entry.getKey();
      }
      if (a.price() > 0 && (ask == null || a.price() < ask.price() || (a.price() == ask.price() && a.size() > ask.size()))) {
        ask = a;
        askExchange = entry.getKey();
      }
    }
    Nbbo next =
        new Nbbo(
            quote.symbol(),
            bid == null ? 0 : bid.price(),
            bid == null ? 0 : bid.size(),
            bidExchange == null ? "" : bidExchange,
            ask == null ? 0 : ask.price(),
            ask == null ? 0 : ask.size(),
            askExchange == null ? "" : askExchange,
            quote.timestampNanos());
    Nbbo previous = current.get(quote.symbol());
    if (previous != null && sameBook(previous, next)) {
      return Optional.empty();
    }
    current.put(quote.symbol(), next);
    return Optional.of(next);
  }

  public synchronized Optional<Nbbo> current(String symbol) {
    return Optional.ofNullable(current.get(symbol));
  }

  private static boolean sameBook(Nbbo a, Nbbo b) {
    return a.bidPrice() == b.bidPrice()
        && a.bidSize() == b.bidSize()
        && a.bidExchange().equals(b.bidExchange())
        && a.askPrice() == b.askPrice()
        && a.askSize() == b.askSize()
        && a.askExchange().equals(b.askExchange());
  }
}
