package io.sentimentstream.drills;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One mode (static or dynamic membership) of the rolling-update drill. */
final class DrillRun {
  private static final Logger log = LoggerFactory.getLogger(DrillRun.class);
  private static final long MIN_READY_MS = 10_000; // minReadySeconds

  /** What one mode measured. */
  record Result(
      String mode,
      double rate,
      double capacity,
      long rebalancesSteady,
      long rebalancesRoll,
      long rollSeconds,
      List<String> pods,
      DrillMetrics m) {
    boolean exactlyOnce() {
      return m.missing() == 0 && m.duplicated() == 0;
    }
  }

  private final Fleet fleet;
  private final String mode;
  private final int instances;
  private final int partitions;
  private final Path v1;
  private final Path v2;
  private final List<ItSupport.RawTweet> texts;

  DrillRun(
      LocalStack stack,
      Path dir,
      String mode,
      int instances,
      int partitions,
      boolean staticMembership,
      int sessionTimeoutMs,
      Path v1,
      Path v2,
      List<ItSupport.RawTweet> texts) {
    this.fleet =
        new Fleet(stack, dir, "drill-" + mode + "-", instances, staticMembership, sessionTimeoutMs);
    this.mode = mode;
    this.instances = instances;
    this.partitions = partitions;
    this.v1 = v1;
    this.v2 = v2;
    this.texts = texts;
  }

  Result execute(double rate, int capacityTweets, int steadySeconds, int afterSeconds)
      throws Exception {
    fleet.createTopics(partitions);
    BrokerLog broker = BrokerLog.under(fleet.stack.dataDir());
    try (OutputLog out = new OutputLog(fleet.stack, fleet.results());
        SteadyLoad load = new SteadyLoad(fleet.stack, fleet.tweets(), texts, fleet.prefix)) {
      for (int i = 0; i < instances; i++) {
        fleet.start(i, v1);
      }
      for (int i = 0; i < instances; i++) {
        fleet.awaitReady(i);
      }
      double capacity = Double.NaN;
      if (rate <= 0) {
        capacity = capacity(mode, load, out, capacityTweets, instances);
        rate = capacity / 2;
      }
      log.info("{}: steady load {} tweets/s", mode, String.format(Locale.ROOT, "%.1f", rate));
      load.start(rate);
      Thread.sleep(10_000); // settle
      long steadyFrom = System.currentTimeMillis();
      Thread.sleep(steadySeconds * 1000L);
      long rollFrom = System.currentTimeMillis();
      List<String> pods = roll();
      long rollTo = System.currentTimeMillis();
      Thread.sleep(afterSeconds * 1000L);
      load.stop();
      long afterTo = System.currentTimeMillis();
      awaitAll(out, load.sent(), Duration.ofMinutes(5));
      Thread.sleep(3_000); // room for a duplicate to show up
      fleet.stopAll();
      DrillMetrics m =
          DrillMetrics.of(
              out.snapshot(),
              load.sentAtMs,
              new DrillMetrics.Windows(steadyFrom, rollFrom, rollFrom, rollTo, afterTo),
              2);
      return new Result(
          mode,
          rate,
          capacity,
          broker.rebalances(fleet.applicationId(), steadyFrom, rollFrom),
          broker.rebalances(fleet.applicationId(), rollFrom, rollTo),
          (rollTo - rollFrom) / 1000,
          pods,
          m);
    } finally {
      fleet.stopAll();
    }
  }

  /**
   * As the controller does: highest ordinal first, each Ready (+ minReadySeconds) before the next.
   */
  private List<String> roll() throws Exception {
    List<String> pods = new ArrayList<>();
    for (int i = instances - 1; i >= 0; i--) {
      long t0 = System.nanoTime();
      int exit = fleet.stop(i);
      long stopped = System.nanoTime();
      fleet.start(i, v2);
      fleet.awaitReady(i);
      long ready = System.nanoTime();
      pods.add(
          String.format(
              Locale.ROOT,
              "%s exit %d after %.1f s, ready %.1f s after start",
              Fleet.name(i),
              exit,
              (stopped - t0) / 1e9,
              (ready - stopped) / 1e9));
      log.info("{}: {}", mode, pods.get(pods.size() - 1));
      Thread.sleep(MIN_READY_MS);
    }
    return pods;
  }

  /** Throughput of all instances on a backlog, in tweets/s. */
  static double capacity(String mode, SteadyLoad load, OutputLog out, int n, int instances)
      throws InterruptedException {
    int before = out.size();
    long t0 = System.nanoTime();
    load.burst(n);
    awaitAll(out, before + n, Duration.ofMinutes(10));
    double perSecond = n / ((System.nanoTime() - t0) / 1e9);
    log.info("{}: capacity {} tweets/s with {} instances", mode, perSecond, instances);
    return perSecond;
  }

  static void awaitAll(OutputLog out, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < n) {
      if (System.nanoTime() > deadline) {
        log.warn("Only {} of {} results within {}", out.size(), n, timeout);
        return;
      }
      Thread.sleep(100);
    }
  }

  static String table(List<Result> results) {
    StringBuilder b = new StringBuilder("\nRolling-update drill\n");
    for (Result r : results) {
      DrillMetrics m = r.m();
      b.append(
          String.format(
              Locale.ROOT,
              "%-8s load %.1f/s (capacity %.1f/s) | rebalances: steady %d, roll %d (roll %d s)"
                  + " | longest output gap: steady %.1f s, roll %.1f s; one partition: steady %.1f s, roll %.1f s"
                  + " | latency p50/p99 steady %.2f/%.2f s, roll %.2f/%.2f s"
                  + " | ids %d, missing %d, duplicated %d | after roll %d results, %d on v2%n",
              r.mode(),
              r.rate(),
              r.capacity(),
              r.rebalancesSteady(),
              r.rebalancesRoll(),
              r.rollSeconds(),
              m.longestGapSteadyMs() / 1e3,
              m.longestGapRollMs() / 1e3,
              m.longestPartitionGapSteadyMs() / 1e3,
              m.longestPartitionGapRollMs() / 1e3,
              m.p50SteadyMs() / 1e3,
              m.p99SteadyMs() / 1e3,
              m.p50RollMs() / 1e3,
              m.p99RollMs() / 1e3,
              m.sent(),
              m.missing(),
              m.duplicated(),
              m.afterRoll(),
              m.afterRollOnNewVersion()));
      r.pods().forEach(p -> b.append("    ").append(p).append('\n'));
    }
    return b.toString();
  }
}
