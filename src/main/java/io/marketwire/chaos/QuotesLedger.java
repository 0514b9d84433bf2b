package io.marketwire.chaos;

import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quotes under chaos: this JVM writes quotes into the run's Redis stream (XADD, again after any
 * failure), the app's quote-history group stores each in its SQL history, keyed by entry id. At
 * the end every quote (by its seq) must be in the history (at least once: a re-sent XADD whose
 * first copy was stored is a duplicate), the group must have nothing pending, and every malformed
 * entry must be in {@code <stream>:dlq}, named with the group.
 */
final class QuotesLedger implements Ledger {

  private static final Logger LOG = LoggerFactory.getLogger(QuotesLedger.class);
  static final String GROUP = "quote_history";

  private final ChaosRun run;
  private final RedisCommands<String, String> redis;
  private final Set<Long> produced = ConcurrentHashMap.newKeySet();
  private final long count;
  private final long periodMillis = 50;
  private long malformed;
  private final LoadGenerator generator;
  private double price = 100;

  QuotesLedger(ChaosRun run, RedisCommands<String, String> redis) {
    this.run = run;
    this.redis = redis;
    this.count = Math.max(50, Math.round(run.loadMillis() * 0.9 / periodMillis));
    Random random = new Random(run.seed() + 1);
    this.generator = new LoadGenerator("chaos-quotes", count, periodMillis, seq -> addQuote(seq, random));
  }

  private String stream() {
    return run.name("quotes");
  }

  private Path dataDir() {
    return run.dir().resolve("quotes").toAbsolutePath();
  }

  @Override
  public List<String> routes() {
    return List.of("file:routes/quotes/api/history.camel.yaml");
  }

  @Override
  public Map<String, String> appProperties() {
    return Map.of(
        "marketwire.quotes.stream", stream(),
        "marketwire.quotes.history.group", GROUP,
        "marketwire.quotes.data-dir", dataDir().toString());
  }

  String describeLoad() {
    return count + " quotes, one every " + periodMillis + " ms";
  }

  @Override
  public void start() {
    generator.start();
  }

  private void addQuote(long seq, Random random) {
    double change = Math.round((random.nextGaussian() * 0.2) * 100) / 100.0;
    price = Math.max(1, price + change);
    Instant now = Instant.now();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("symbol", seq % 2 == 0 ? "AZO" : "LII");
    fields.put("price", Double.toString(price));
    fields.put("change", Double.toString(change));
    fields.put("change_percent", Double.toString(change / price * 100));
    fields.put("volume", Long.toString(100 + random.nextInt(900)));
    fields.put("timestamp", Long.toString(now.getEpochSecond()));
    fields.put("datetime", now.toString());
    fields.put("seq", Long.toString(seq));
    if (add(fields)) {
      produced.add(seq);
    }
  }

  @Override
  public void injectMalformed() {
    for (Map<String, String> bad :
        List.of(
            Map.of("symbol", "", "price", "1.0", "volume", "1"),
            Map.of("symbol", "AZO", "price", "abc", "volume", "1"),
            Map.of("symbol", "AZO", "price", "NaN", "volume", "1"),
            Map.of("symbol", "AZO", "price", "10.0", "volume", "-5"))) {
      if (add(bad)) {
        malformed++;
      }
    }
  }

  /** XADD until Redis answers; false only when stopped. */
  private boolean add(Map<String, String> fields) {
    while (!generator.isStopped()) {
      try {
        redis.xadd(stream(), fields);
        return true;
      } catch (RuntimeException e) {
        // no answer: the entry may or may not be stored; adding it again is at least once
        LOG.debug("XADD failed ({}); adding the entry again", e.toString());
        generator.pause(500);
      }
    }
    return false;
  }

  @Override
  public boolean settled() throws Exception {
    return !generator.isRunning() && pending() == 0 && history().keySet().containsAll(produced) && deadLetters() >= malformed;
  }

  @Override
  public List<LedgerRow> account() throws Exception {
    Map<Long, Integer> rows = history();
    long once = 0;
    long duplicates = 0;
    long lost = 0;
    for (long seq : produced) {
      Integer n = rows.get(seq);
      if (n == null) {
        lost++;
      } else {
        once++;
        duplicates += n - 1;
      }
    }
    long pending = pending();
    long dead = deadLetters();
    return List.of(
        new LedgerRow("quotes history", LedgerRow.Guarantee.AT_LEAST_ONCE, produced.size(), once, duplicates, 0, 0, lost,
            pending == 0 ? "nothing pending in " + GROUP : pending + " still pending in " + GROUP),
        new LedgerRow("quotes malformed", LedgerRow.Guarantee.DEAD_LETTERED, malformed, 0, Math.max(0, dead - malformed),
            Math.min(dead, malformed), 0, Math.max(0, malformed - dead), "in " + stream() + ":dlq (group " + GROUP + ")"));
  }

  /** Rows of the SQL history by quote seq. */
  private Map<Long, Integer> history() throws Exception {
    Map<Long, Integer> bySeq = new HashMap<>();
    Path db = dataDir().resolve("quotes.db");
    if (!db.toFile().exists()) {
      return bySeq;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT seq, COUNT(*) FROM quotes GROUP BY seq")) {
      while (rs.next()) {
        bySeq.put(rs.getLong(1), rs.getInt(2));
      }
    }
    return bySeq;
  }

  private long pending() {
    try {
      return redis.xpending(stream(), GROUP).getCount();
    } catch (RuntimeException e) {
      return -1; // no group yet, or Redis restarting: not settled
    }
  }

  private long deadLetters() {
    try {
      return redis.xrange(stream() + ":dlq", io.lettuce.core.Range.create("-", "+")).stream()
          .filter(e -> GROUP.equals(e.getBody().get("dlq.group")))
          .count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    generator.stop();
    try {
      redis.del(stream(), stream() + ":dlq", stream() + ":errors:" + GROUP);
    } catch (RuntimeException ignored) {
      // best effort
    }
  }
}
