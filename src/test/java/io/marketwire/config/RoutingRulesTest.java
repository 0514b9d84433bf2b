package io.marketwire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.LogCapture;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingRulesTest {

  @TempDir Path dir;

  @Test
  void parsesStreamsThresholdsAndRate() throws Exception {
    RoutingRules rules =
        RoutingRules.parse(
            props(
                "stream.default=market-data\nstream.AZO=market-data-azo\n"
                    + "alert-threshold-percent.default=2\nalert-threshold-percent.BKNG=1.5\n"));
    assertThat(rules.streamFor("AZO")).isEqualTo("market-data-azo");
    assertThat(rules.streamFor("LII")).isEqualTo("market-data");
    assertThat(rules.alertThresholdPercent("BKNG")).isEqualTo(1.5);
    assertThat(rules.alertThresholdPercent("GWW")).isEqualTo(2.0);
  }

  @Test
  void reportsEveryInvalidKeyByName() {
    assertThatThrownBy(
            () ->
                RoutingRules.parse(
                    props(
                        "stream.default=bad name!\nalert-threshold-percent.AZO=abc\n"
                            + "streem.AZO=x\nstream.azo=x\n")))
        .isInstanceOf(RoutingRules.InvalidRoutingRulesException.class)
        .hasMessageContaining("stream.default = 'bad name!'")
        .hasMessageContaining("alert-threshold-percent.AZO = 'abc': not a number")
        .hasMessageContaining("streem.AZO: unknown key")
        .hasMessageContaining("'azo' is not a symbol");
  }

  @Test
  void aChangedFileTakesEffectAndAnInvalidOneLeavesThePreviousInForce() throws Exception {
    Path file = dir.resolve("routing.properties");
    Files.writeString(file, "alert-threshold-percent.default=2.0\n");
    RoutingRulesHolder holder = new RoutingRulesHolder(file, Duration.ofMillis(50));
    holder.start();
    try (LogCapture log = LogCapture.of(RoutingRulesHolder.class)) {
      assertThat(holder.alertThresholdPercent("AZO")).isEqualTo(2.0);

      write(file, "alert-threshold-percent.default=3.5\n", 1);
      await().atMost(Duration.ofSeconds(2)).until(() -> holder.alertThresholdPercent("AZO") == 3.5);

      write(file, "alert-threshold-percent.default=-1\n", 2);
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> log.contains("ERROR", "alert-threshold-percent.default = '-1'"));
      assertThat(holder.alertThresholdPercent("AZO")).isEqualTo(3.5);
      assertThat(log.contains("previous routing rules stay in force")).isTrue();
    } finally {
      holder.stop();
    }
  }

  /** Writes and moves the modification time forward, so the change is seen whatever the clock's grain. */
  private static void write(Path file, String text, int step) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + step * 1000L));
  }

  private static Properties props(String text) throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
