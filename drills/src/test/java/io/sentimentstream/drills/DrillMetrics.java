package io.sentimentstream.drills;

import io.sentimentstream.drills.OutputLog.Arrival;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What one drill run measured, computed from the arrivals and the send times. */
record DrillMetrics(
    int sent,
    int missing,
    int duplicated,
    double p50SteadyMs,
    double p99SteadyMs,
    double p50RollMs,
    double p99RollMs,
    long longestGapSteadyMs,
    long longestGapRollMs,
    long longestPartitionGapSteadyMs,
    long longestPartitionGapRollMs,
    long afterRoll,
    long afterRollOnNewVersion) {

  /** Time windows of a run, wall-clock milliseconds. */
  record Windows(long steadyFrom, long steadyTo, long rollFrom, long rollTo, long afterTo) {}

  static DrillMetrics of(
      List<Arrival> arrivals, Map<String, Long> sentAtMs, Windows w, long newVersion) {
    Map<String, Long> counts =
        arrivals.stream().collect(Collectors.groupingBy(Arrival::id, Collectors.counting()));
    int missing = (int) sentAtMs.keySet().stream().filter(id -> !counts.containsKey(id)).count();
    int duplicated = (int) counts.values().stream().filter(c -> c > 1).count();
    Map<String, Long> firstArrival = new HashMap<>();
    for (Arrival a : arrivals) {
      firstArrival.putIfAbsent(a.id(), a.atMs());
    }
    List<Long> steady = latencies(firstArrival, sentAtMs, w.steadyFrom(), w.steadyTo());
    List<Long> roll = latencies(firstArrival, sentAtMs, w.rollFrom(), w.rollTo());
    List<Arrival> after =
        arrivals.stream().filter(a -> sentAtMs.getOrDefault(a.id(), 0L) > w.rollTo()).toList();
    return new DrillMetrics(
        sentAtMs.size(),
        missing,
        duplicated,
        pct(steady, 50),
        pct(steady, 99),
        pct(roll, 50),
        pct(roll, 99),
        longestGap(times(arrivals, -1), w.steadyFrom(), w.steadyTo()),
        longestGap(times(arrivals, -1), w.rollFrom(), w.rollTo()),
        longestPartitionGap(arrivals, w.steadyFrom(), w.steadyTo()),
        longestPartitionGap(arrivals, w.rollFrom(), w.rollTo()),
        after.size(),
        after.stream().filter(a -> a.modelVersion() == newVersion).count());
  }

  /** Send-to-visible latency of the tweets sent within [from, to]. */
  private static List<Long> latencies(
      Map<String, Long> firstArrival, Map<String, Long> sentAtMs, long from, long to) {
    List<Long> out = new ArrayList<>();
    sentAtMs.forEach(
        (id, sent) -> {
          Long at = firstArrival.get(id);
          if (at != null && sent >= from && sent <= to) {
            out.add(at - sent);
          }
        });
    Collections.sort(out);
    return out;
  }

  private static long longestPartitionGap(List<Arrival> arrivals, long from, long to) {
    return arrivals.stream()
        .mapToInt(Arrival::partition)
        .distinct()
        .mapToLong(p -> longestGap(times(arrivals, p), from, to))
        .max()
        .orElse(-1);
  }

  private static List<Long> times(List<Arrival> arrivals, int partition) {
    return arrivals.stream()
        .filter(a -> partition < 0 || a.partition() == partition)
        .map(Arrival::atMs)
        .sorted()
        .toList();
  }

  /** Longest stretch within [from, to] with no arrival (the window's edges count as bounds). */
  static long longestGap(List<Long> sortedTimes, long from, long to) {
    long prev = from;
    long gap = 0;
    for (long t : sortedTimes) {
      if (t < from) {
        continue;
      }
      if (t > to) {
        break;
      }
      gap = Math.max(gap, t - prev);
      prev = t;
    }
    return Math.max(gap, to - prev);
  }

  private static double pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
