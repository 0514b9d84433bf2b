package io.marketwire.dataplane.processors;

import io.marketwire.dataplane.cache.MarketDataCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hydrates the processors' in-memory state from the MDC once, before the first event needs it:
 * session volume and VWAP from {@code trades:*}, the scanner's rows from {@code scanner:row:*}
 * (which the scanner keeps there for this). Quotes and bars need no state.
 */
public final class MdpState {

  private static final Logger LOG = LoggerFactory.getLogger(MdpState.class);

  private final MarketDataCache cache;
  private final TradeProcessor trades;
  private final ScannerProcessor scanner;
  private volatile boolean hydrated;

  public MdpState(MarketDataCache cache, TradeProcessor trades, ScannerProcessor scanner) {
    this.cache = cache;
    this.trades = trades;
    this.scanner = scanner;
  }

  public boolean isHydrated() {
    return hydrated;
  }

  /** Loads the state once; later calls return at once. */
  public void hydrate() {
    if (hydrated) {
      return;
    }
    synchronized (this) {
      if (hydrated) {
        return;
      }
      trades.hydrate(cache.latestByPrefix("trades:"));
      scanner.hydrate(cache.latestByPrefix(ScannerProcessor.ROWS));
      hydrated = true;
      LOG.info(
          "MDP hydrated from the cache ({}*): {} trade sessions, {} scanner rows",
          cache.prefix(),
          trades.symbols(),
          scanner.symbols());
    }
  }
}
