package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.Broker;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.RestartsBrokers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one quotes test that restarts Redis (through the project script, as an operator would): the
 * producer and the history consumer keep running through it, and every quote the simulator made
 * ends up in the history. Skipped with -Dit.brokerRestart=false.
 */
@RestartsBrokers
class QuotesRedisRestartIT {

  private static final int QUOTES = 2000;

  @Test
  void aRedisRestartInTheMiddleOfARunLosesNoQuote() throws Exception {
    try (QuotesITSupport run = new QuotesITSupport("restart")) {
      Map<String, String> o = run.overrides();
      o.put("marketwire.quotes.producer.enabled", "true");
      o.put("marketwire.quotes.source", "simulator");
      o.put("marketwire.quotes.simulator.rate", "150");
      o.put("marketwire.quotes.max-ticks", Integer.toString(QUOTES));
      // realistic reclaim settings: with a 1 s idle time, reads and claims whose replies are lost
      // while Redis restarts (LOADING for seconds) run up the delivery count within the outage and
      // dead-letter entries never processed (seen: 8 of 2000 with minIdleTime=1s, maxDeliveries=3)
      o.put("marketwire.quotes.consumer-options",
          "count=100&block=200&minIdleTime=10s&reclaimInterval=2s&maxDeliveries=5&maxBackoff=1s&consumerName=it");
      run.start("file:routes/quotes/producer/producer.camel.yaml,file:routes/quotes/api/history.camel.yaml", o);

      await().atMost(Duration.ofSeconds(60)).until(() -> run.sqlCount("SELECT COUNT(*) FROM quotes") >= 300);
      long beforeRestart = run.sqlCount("SELECT COUNT(*) FROM quotes");
      BrokerServices.get().restart(Broker.REDIS);
      long afterRestart = run.sqlCount("SELECT COUNT(*) FROM quotes");

      // every sequence number of the simulator, once or more (a retried XADD may add a quote twice)
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
          assertThat(run.sqlCount("SELECT COUNT(DISTINCT seq) FROM quotes")).isEqualTo(QUOTES));
      await().atMost(Duration.ofSeconds(60)).until(() -> run.pending("quote_history") == 0);
      assertThat(run.redis.xlen(run.stream + ":dlq")).as("dead-lettered entries").isZero();
      assertThat(run.sqlCount("SELECT MIN(seq) FROM quotes")).isEqualTo(1);
      assertThat(run.sqlCount("SELECT MAX(seq) FROM quotes")).isEqualTo(QUOTES);
      System.out.printf("restart: %d quotes stored before, %d right after; %d rows for %d quotes%n",
          beforeRestart, afterRestart, run.sqlCount("SELECT COUNT(*) FROM quotes"), QUOTES);
      assertThat(afterRestart).as("the restart happened in the middle of the run").isLessThan(QUOTES);
    }
  }
}
