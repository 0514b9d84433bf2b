package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's Redis quote consumers across app instances: two instances of the history flow, named
 * {@code a} and {@code b} ({@code --instance}), join one consumer group as two consumers of their
 * own, so Redis hands each quote to one of them: every quote is stored exactly once between the
 * two databases, and both take a share.
 */
class QuotesTwoInstancesIT {

  private static final int QUOTES = 1500;
  private static final String HISTORY = "file:routes/quotes/api/history.camel.yaml";
  // as in config/, without the consumerName that the other quotes tests pin: the instance names it
  private static final String CONSUMER_OPTIONS = "count=50&block=200&minIdleTime=30s&reclaimInterval=5s&maxDeliveries=3";

  @Test
  void twoInstancesInOneGroupStoreEveryQuoteOnceBetweenThem() throws Exception {
    try (QuotesITSupport run = new QuotesITSupport("two-instances")) {
      Path databaseOfB = Path.of(run.database.toString().replace(".db", "-b.db"));
      Map<String, String> b = run.overrides();
      b.put("marketwire.instance", "b");
      b.put("marketwire.quotes.db.url", "jdbc:sqlite:" + databaseOfB);
      b.put("marketwire.quotes.consumer-options", CONSUMER_OPTIONS);
      b.put("camel.server.port", "0");
      b.put("camel.management.port", "0");
      RunningApp second = RunningApp.start(HISTORY, b);
      try {
        Map<String, String> a = run.overrides();
        a.put("marketwire.instance", "a");
        a.put("marketwire.quotes.consumer-options", CONSUMER_OPTIONS);
        a.put("marketwire.quotes.producer.enabled", "true");
        a.put("marketwire.quotes.source", "simulator");
        a.put("marketwire.quotes.simulator.rate", "300");
        a.put("marketwire.quotes.max-ticks", Integer.toString(QUOTES));
        run.start("file:routes/quotes/producer/producer.camel.yaml," + HISTORY, a);

        await().atMost(Duration.ofSeconds(90)).until(() ->
            run.redis.xlen(run.stream) >= QUOTES && run.pending("quote_history") == 0
                && storedSeqs(run.database).size() + storedSeqs(databaseOfB).size() >= QUOTES);

        Set<Long> storedByA = storedSeqs(run.database);
        Set<Long> storedByB = storedSeqs(databaseOfB);
        Set<Long> both = new HashSet<>(storedByA);
        both.retainAll(storedByB);
        assertThat(both).as("quotes stored by both instances").isEmpty();
        Set<Long> all = new HashSet<>(storedByA);
        all.addAll(storedByB);
        assertThat(all).hasSize(QUOTES);
        assertThat(storedByA).as("instance a's share").isNotEmpty();
        assertThat(storedByB).as("instance b's share").isNotEmpty();
        assertThat(run.redis.xinfoConsumers(run.stream, "quote_history").toString())
            .as("the group's consumers are named by instance").contains("name, a,", "name, b,");
      } finally {
        second.close();
        Files.deleteIfExists(databaseOfB);
      }
    }
  }

  private static Set<Long> storedSeqs(Path database) throws Exception {
    Set<Long> seqs = new HashSet<>();
    for (List<Object> row : QuotesITSupport.rowsOnceCreated(database, "SELECT seq FROM quotes")) {
      seqs.add(((Number) row.get(0)).longValue());
    }
    return seqs;
  }
}
