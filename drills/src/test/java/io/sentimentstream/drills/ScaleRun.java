package io.sentimentstream.drills;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out with the drill's harness: 1 stream app, then 2, 3, and back to 2 and 1, under a steady
 * load of half of one instance's capacity. For each change: partitions per member afterwards, the
 * rebalances it took, and the longest output pause on one partition in the window after it. The
 * capacity (a backlog drained) is measured with 1 and with all instances.
 */
final class ScaleRun {
  private static final Logger log = LoggerFactory.getLogger(ScaleRun.class);

  /** What one scaling step measured. */
  record Step(String change, Map<String, Integer> partitions, long rebalances, long pauseMs) {}

  /** The whole scale run. */
  record Result(
      double capacityOne,
      double capacityAll,
      int instances,
      double rate,
      List<Step> steps,
      int sent,
      int missing,
      int duplicated) {}

  private final Fleet fleet;
  private final int instances;
  private final int partitions;
  private final Path bundle;
  private final List<ItSupport.RawTweet> texts;

  ScaleRun(
      LocalStack stack,
      Path dir,
      int instances,
      int partitions,
      boolean staticMembership,
      int sessionTimeoutMs,
      Path bundle,
      List<ItSupport.RawTweet> texts) {
    this.fleet = new Fleet(stack, dir, "scale-", instances, staticMembership, sessionTimeoutMs);
    this.instances = instances;
    this.partitions = partitions;
    this.bundle = bundle;
    this.texts = texts;
  }

  Result execute(int capacityTweets, int settleSeconds) throws Exception {
    fleet.createTopics(partitions);
    BrokerLog broker = BrokerLog.under(fleet.stack.dataDir());
    List<Step> steps = new ArrayList<>();
    try (OutputLog out = new OutputLog(fleet.stack, fleet.results());
        SteadyLoad load = new SteadyLoad(fleet.stack, fleet.tweets(), texts, fleet.prefix)) {
      fleet.start(0, bundle);
      fleet.awaitReady(0);
      double one = DrillRun.capacity("scale", load, out, capacityTweets, 1);
      double rate = one / 2;
      load.start(rate);
      Thread.sleep(settleSeconds * 1000L);
      for (int n = 1; n < instances; n++) {
        long t0 = System.currentTimeMillis();
        fleet.start(n, bundle);
        fleet.awaitReady(n);
        steps.add(step("scale " + n + " -> " + (n + 1), out, broker, t0, settleSeconds));
      }
      load.stop();
      DrillRun.awaitAll(out, load.sent(), Duration.ofMinutes(5));
      double all = DrillRun.capacity("scale", load, out, capacityTweets, instances);
      load.start(rate);
      Thread.sleep(settleSeconds * 1000L);
      for (int n = instances - 1; n >= 1; n--) {
        long t0 = System.currentTimeMillis();
        fleet.stop(n);
        steps.add(step("scale " + (n + 1) + " -> " + n, out, broker, t0, settleSeconds));
      }
      load.stop();
      DrillRun.awaitAll(out, load.sent(), Duration.ofMinutes(5));
      Thread.sleep(3_000);
      fleet.stopAll();
      DrillMetrics m =
          DrillMetrics.of(
              out.snapshot(), load.sentAtMs, new DrillMetrics.Windows(0, 0, 0, 0, 0), 1);
      return new Result(one, all, instances, rate, steps, m.sent(), m.missing(), m.duplicated());
    } finally {
      fleet.stopAll();
    }
  }

  /**
   * Waits out the change (the settle time, and longer while a partition has not produced since the
   * change), then reads the assignment, the rebalances since {@code t0} and the longest pause of
   * one partition since {@code t0}.
   */
  private Step step(String change, OutputLog out, BrokerLog broker, long t0, int settleSeconds)
      throws InterruptedException {
    Thread.sleep(settleSeconds * 1000L);
    long deadline = System.currentTimeMillis() + 180_000;
    while (!everyPartitionSince(out, t0) && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
    }
    long t1 = System.currentTimeMillis();
    List<OutputLog.Arrival> a = out.snapshot();
    long pause = 0;
    for (int p = 0; p < partitions; p++) {
      int part = p;
      List<Long> times =
          a.stream()
              .filter(x -> x.partition() == part)
              .map(OutputLog.Arrival::atMs)
              .sorted()
              .toList();
      pause = Math.max(pause, DrillMetrics.longestGap(times, t0, t1));
    }
    Map<String, Integer> assignment =
        GroupAssignment.of(fleet.stack.bootstrapServers(), fleet.applicationId(), fleet.tweets());
    Step s = new Step(change, assignment, broker.rebalances(fleet.applicationId(), t0, t1), pause);
    log.info("{}", s);
    return s;
  }

  private boolean everyPartitionSince(OutputLog out, long t0) {
    long seen =
        out.snapshot().stream()
            .filter(x -> x.atMs() > t0 + 1000)
            .mapToInt(OutputLog.Arrival::partition)
            .distinct()
            .count();
    return seen == partitions;
  }

  static String table(Result r) {
    StringBuilder b = new StringBuilder("\nScale-out (static membership)\n");
    b.append(
        String.format(
            Locale.ROOT,
            "capacity: 1 instance %.1f tweets/s, %d instances %.1f tweets/s (%.2fx); load %.1f/s"
                + " | ids %d, missing %d, duplicated %d%n",
            r.capacityOne(),
            r.instances(),
            r.capacityAll(),
            r.capacityAll() / r.capacityOne(),
            r.rate(),
            r.sent(),
            r.missing(),
            r.duplicated()));
    for (Step s : r.steps()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-12s partitions %s, rebalances %d, longest pause of one partition %.1f s%n",
              s.change(),
              s.partitions(),
              s.rebalances(),
              s.pauseMs() / 1e3));
    }
    return b.toString();
  }
}
