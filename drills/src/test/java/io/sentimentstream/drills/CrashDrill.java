package io.sentimentstream.drills;

import io.sentimentstream.stream.cli.GopReplay;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.ItSupport.RawTweet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drill 1: the stream app (a child JVM) is killed with SIGKILL at random points of a GOP replay and
 * restarted each time. Measures per kill the restart (kill to ready) and the stall a read_committed
 * consumer sees (last result before the kill to the first after it).
 */
final class CrashDrill implements DrillContext.Drill {
  private static final Logger log = LoggerFactory.getLogger(CrashDrill.class);

  @Override
  public String name() {
    return "crash";
  }

  @Override
  public DrillReport.Row run(DrillContext c) throws Exception {
    long t0 = System.nanoTime();
    List<RawTweet> tweets =
        GopReplay.read(ItSupport.gopCsv()).stream()
            .map(r -> new RawTweet(r.id(), r.text()))
            .limit(c.full ? Long.MAX_VALUE : 1_000)
            .toList();
    int kills = c.full ? 3 : 2;
    List<Integer> points = killPoints(c, tweets.size(), kills);
    Fleet fleet = c.fleet(name(), 2);
    fleet.with("transaction.timeout.ms", null).with("cache.max.entries", null); // the defaults
    List<String> restarts = new ArrayList<>();
    boolean resumed = true;
    try (OutputLog out = new OutputLog(c.stack, fleet.results())) {
      fleet.start(0, c.bundle);
      fleet.awaitReady(0);
      long replayFrom = System.currentTimeMillis();
      ItSupport.produce(c.stack, fleet.tweets(), tweets);
      for (int point : points) {
        DrillContext.await(() -> out.size() >= point, Duration.ofMinutes(30));
        long killAt = System.currentTimeMillis();
        int before = out.size();
        fleet.kill(0);
        fleet.start(0, c.bundle);
        fleet.awaitReady(0);
        long readyAt = System.currentTimeMillis();
        long settled = killAt + 1_000; // what was committed before the kill is read by then
        boolean back =
            DrillContext.await(() -> firstAfter(out, settled) > 0, Duration.ofMinutes(5));
        resumed &= back;
        long resumeAt = firstAfter(out, settled);
        long lastBefore = lastBefore(out, settled);
        restarts.add(
            String.format(
                Locale.ROOT,
                "kill at %,d results: ready again %.1f s after, read_committed stall %.1f s",
                before,
                (readyAt - killAt) / 1e3,
                back ? (resumeAt - lastBefore) / 1e3 : Double.NaN));
        log.info("crash drill: {}", restarts.get(restarts.size() - 1));
      }
      List<String> ids = tweets.stream().map(RawTweet::id).toList();
      DrillContext.awaitIds(out, ids, Duration.ofMinutes(c.full ? 40 : 8));
      long doneAt = out.snapshot().stream().mapToLong(OutputLog.Arrival::atMs).max().orElse(0);
      Thread.sleep(3_000); // room for a duplicate to show up
      IdCount count = IdCount.of(ids, out.snapshot().stream().map(OutputLog.Arrival::id).toList());
      fleet.stopAll();
      String measured =
          String.format(
                  Locale.ROOT,
                  "%s; %.1f tweets/s overall; ",
                  count,
                  tweets.size() / Math.max(1e-3, (doneAt - replayFrom) / 1e3))
              + String.join("; ", restarts);
      return DrillContext.row(
          name(),
          String.format(
              Locale.ROOT,
              "replayed %,d GOP tweets (2 partitions, exactly_once_v2, Streams' default"
                  + " transaction.timeout.ms 10 s); SIGKILL the app %d times at random points"
                  + " (results %s), restart it each time",
              tweets.size(),
              kills,
              points),
          "every id exactly once in the read_committed output; output resumes after each restart",
          measured,
          count.exactlyOnce() && resumed,
          t0);
    } finally {
      fleet.stopAll();
    }
  }

  private static List<Integer> killPoints(DrillContext c, int n, int kills) {
    List<Integer> points = new ArrayList<>();
    for (int i = 0; i < kills; i++) {
      // one kill in each of `kills` equal slices of 10%..85% of the output, at a random place
      double slice = 0.75 / kills;
      points.add((int) (n * (0.10 + slice * i + slice * c.random.nextDouble())));
    }
    return points;
  }

  private static long firstAfter(OutputLog out, long ms) {
    return out.snapshot().stream()
        .mapToLong(OutputLog.Arrival::atMs)
        .filter(t -> t > ms)
        .min()
        .orElse(0);
  }

  private static long lastBefore(OutputLog out, long ms) {
    return out.snapshot().stream()
        .mapToLong(OutputLog.Arrival::atMs)
        .filter(t -> t <= ms)
        .max()
        .orElse(ms);
  }
}
