package io.marketwire.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the samples say: the order latency p99 before any fault (the baseline), how long after
 * each fault p99 was back within 1.5 times the baseline (or 250 ms above it, whichever is more),
 * and whether the heap after GC grew from the first third of the run to the last.
 */
record SoakSummary(long baselineP99Millis, List<Recovery> recoveries, double heapFirstThirdMb, double heapLastThirdMb) {

  /** A fault and the seconds until p99 was back at the baseline (-1: never within the run). */
  record Recovery(String fault, long atSeconds, long backAfterSeconds) {}

  static SoakSummary of(List<SoakSampler.Sample> samples, List<Map<String, Object>> faults) {
    long firstFault = faults.isEmpty() ? Long.MAX_VALUE : ((Number) faults.get(0).get("at_s")).longValue();
    List<Long> before = new ArrayList<>();
    for (SoakSampler.Sample s : samples) {
      if (s.atSeconds() < firstFault && s.p99Millis() >= 0) {
        before.add(s.p99Millis());
      }
    }
    before.sort(null);
    long baseline = before.isEmpty() ? -1 : before.get(before.size() / 2);
    long threshold = Math.max(Math.round(baseline * 1.5), baseline + 250);
    List<Recovery> recoveries = new ArrayList<>();
    for (Map<String, Object> f : faults) {
      long at = ((Number) f.get("at_s")).longValue();
      long back = -1;
      if (baseline >= 0) {
        for (SoakSampler.Sample s : samples) {
          if (s.atSeconds() > at && s.p99Millis() >= 0 && s.p99Millis() <= threshold) {
            back = s.atSeconds() - at;
            break;
          }
        }
      }
      recoveries.add(new Recovery((String) f.get("fault"), at, back));
    }
    int third = Math.max(1, samples.size() / 3);
    return new SoakSummary(
        baseline, recoveries, medianHeap(samples.subList(0, Math.min(third, samples.size()))),
        medianHeap(samples.subList(Math.max(0, samples.size() - third), samples.size())));
  }

  private static double medianHeap(List<SoakSampler.Sample> samples) {
    List<Double> heap = new ArrayList<>();
    samples.forEach(s -> {
      if (!Double.isNaN(s.heapAfterGcMb())) {
        heap.add(s.heapAfterGcMb());
      }
    });
    heap.sort(null);
    return heap.isEmpty() ? Double.NaN : heap.get(heap.size() / 2);
  }

  /** The samples as Mermaid charts (they render in the docs), memory and latency apart. */
  static String charts(List<SoakSampler.Sample> samples) {
    StringBuilder x = new StringBuilder();
    StringBuilder heap = new StringBuilder();
    StringBuilder rss = new StringBuilder();
    StringBuilder p99 = new StringBuilder();
    StringBuilder lag = new StringBuilder();
    for (SoakSampler.Sample s : samples) {
      String sep = x.length() == 0 ? "" : ", ";
      x.append(sep).append(String.format(Locale.ROOT, "%.1f", s.atSeconds() / 60.0));
      heap.append(sep).append(number(s.heapAfterGcMb()));
      rss.append(sep).append(number(s.rssMb()));
      p99.append(sep).append(Math.max(0, s.p99Millis()));
      lag.append(sep).append(Math.max(0, s.lag()));
    }
    return "```mermaid\nxychart-beta\n  title \"Heap after GC (lower line) and RSS (upper line), MB\"\n  x-axis \"minute\" [" + x
        + "]\n  y-axis \"MB\"\n  line [" + heap + "]\n  line [" + rss + "]\n```\n\n"
        + "```mermaid\nxychart-beta\n  title \"Order publish-to-shipped p99 per 10 s, ms\"\n  x-axis \"minute\" [" + x
        + "]\n  y-axis \"ms\"\n  line [" + p99 + "]\n```\n\n"
        + "```mermaid\nxychart-beta\n  title \"Market-data consumer lag, messages\"\n  x-axis \"minute\" [" + x
        + "]\n  y-axis \"messages\"\n  line [" + lag + "]\n```\n";
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "0" : String.format(Locale.ROOT, "%.0f", v);
  }
}
