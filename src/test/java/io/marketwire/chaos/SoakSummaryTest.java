package io.marketwire.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakSummaryTest {

  private static SoakSampler.Sample sample(long at, double heap, long p99) {
    return new SoakSampler.Sample(at, 1, heap, 300, 0, p99, 10);
  }

  @Test
  void baselineIsTheMedianP99BeforeTheFirstFaultAndRecoveryTheFirstSampleBackNearIt() {
    List<SoakSampler.Sample> samples = new ArrayList<>();
    samples.add(sample(10, 30, 100));
    samples.add(sample(20, 30, 120));
    samples.add(sample(30, 30, 110));
    samples.add(sample(40, 31, 5000)); // the fault at 35 s
    samples.add(sample(50, 31, 2000));
    samples.add(sample(60, 31, 300)); // within baseline + 250 ms
    samples.add(sample(70, 32, -1)); // no order shipped in this window
    SoakSummary s = SoakSummary.of(samples, List.of(Map.of("fault", "rabbitmq", "at_s", 35L), Map.of("fault", "kill", "at_s", 65L)));

    assertThat(s.baselineP99Millis()).isEqualTo(110);
    assertThat(s.recoveries()).containsExactly(
        new SoakSummary.Recovery("rabbitmq", 35, 25), new SoakSummary.Recovery("kill", 65, -1));
    assertThat(s.heapFirstThirdMb()).isEqualTo(30);
    assertThat(s.heapLastThirdMb()).as("the last two samples, 31 and 32: the upper median").isEqualTo(32);
  }

  @Test
  void chartsHaveOnePointPerSampleAndNoNaN() {
    List<SoakSampler.Sample> samples = List.of(sample(10, Double.NaN, -1), sample(20, 40, 90));
    String charts = SoakSummary.charts(samples);
    assertThat(charts).contains("x-axis \"minute\" [0.2, 0.3]").contains("line [0, 40]").contains("line [0, 90]").doesNotContain("NaN");
  }
}
