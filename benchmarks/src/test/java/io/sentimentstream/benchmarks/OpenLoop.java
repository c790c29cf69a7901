package io.sentimentstream.benchmarks;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: tweets are sent on a fixed schedule (rate r: tweet i at t0 + i/r) whatever the
 * app does, and each one's event time is its scheduled time, so a producer or app that falls behind
 * shows up as latency instead of hiding it (no coordinated omission). The app runs with the default
 * batch settings. The first few seconds are a warm-up, sent but not counted.
 */
final class OpenLoop {
  private static final int WARMUP_SECONDS = 5;

  /**
   * What one rate gave: latency of the counted results, split at the result's classifiedAt into
   * event time to classified (wait, queue, pass: {@code scored}) and classified to read (commit,
   * fetch: {@code visible}), the app's passes, its stream thread's times, its batch delay and the
   * trace of its batch cap.
   */
  record Result(
      double offered,
      Run run,
      Run scored,
      Run visible,
      String batches,
      String threadTimes,
      double meanPassMs,
      double p99PassMs,
      long delayMs,
      String capTrace) {}

  private OpenLoop() {}

  static Result run(
      LocalStack stack,
      String prefix,
      Path bundle,
      int partitions,
      List<ItSupport.RawTweet> rows,
      double rate,
      int seconds,
      Map<String, String> settings)
      throws Exception {
    int warm = (int) Math.ceil(rate * WARMUP_SECONDS);
    int n = warm + (int) Math.ceil(rate * seconds);
    try (BenchApp b = BenchApp.start(stack, prefix, bundle, partitions, settings);
        var results = ItSupport.results(stack, prefix + "tweet-sentiment");
        CapSampler caps = new CapSampler(b.meters, WARMUP_SECONDS)) {
      long delayMs = b.cfg.getLong(StreamConfig.BATCH_MAX_DELAY_MS);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      long t0 = System.currentTimeMillis() + 200;
      Thread producer =
          new Thread(() -> send(stack, prefix + "tweets", rows, n, rate, t0, failed), "open-loop");
      producer.start();
      Set<String> seen = new HashSet<>();
      List<Long> lat = new ArrayList<>();
      List<Long> toScored = new ArrayList<>();
      List<Long> toVisible = new ArrayList<>();
      long firstCounted = -1;
      long last = t0;
      long deadline = t0 + (long) (n / rate * 1000) + 180_000;
      while (seen.size() < n && System.currentTimeMillis() < deadline && failed.get() == null) {
        int before = results.records.size();
        results.poll();
        long now = System.currentTimeMillis();
        for (int i = before; i < results.records.size(); i++) {
          var r = results.records.get(i);
          if (seen.add(r.key()) && !r.key().startsWith("warm-")) {
            long event = r.value().getEventTime().toEpochMilli();
            long scored = r.value().getClassifiedAt().toEpochMilli();
            lat.add(now - event);
            toScored.add(scored - event);
            toVisible.add(now - scored);
            firstCounted = firstCounted < 0 ? event : firstCounted;
            last = now;
          }
        }
        results.records.clear();
      }
      producer.join();
      if (failed.get() != null) {
        throw new IllegalStateException("the open-loop producer failed", failed.get());
      }
      if (seen.size() < n) {
        throw new IllegalStateException(
            prefix + ": " + seen.size() + " of " + n + " results within the deadline");
      }
      long elapsed = last - firstCounted;
      return new Result(
          rate,
          Run.of(lat, elapsed),
          Run.of(toScored, elapsed),
          Run.of(toVisible, elapsed),
          b.batchSizes(),
          b.threadTimes(),
          b.meanPassMs(),
          b.passP99Ms(),
          delayMs,
          caps.describe());
    }
  }

  private static void send(
      LocalStack stack,
      String topic,
      List<ItSupport.RawTweet> rows,
      int n,
      double rate,
      long t0,
      AtomicReference<Throwable> failed) {
    int warm = (int) Math.ceil(rate * WARMUP_SECONDS);
    try (TweetSender p = new TweetSender(stack, topic, 0, failed)) {
      for (int i = 0; i < n && !p.failed(); i++) {
        long at = t0 + (long) (i * 1000.0 / rate);
        long wait = at - System.currentTimeMillis();
        if (wait > 0) {
          LockSupport.parkNanos(wait * 1_000_000);
        }
        ItSupport.RawTweet t = rows.get(i % rows.size());
        p.send((i < warm ? "warm-" : "") + t.id() + "#" + i, t.text(), at);
      }
    } catch (RuntimeException e) {
      failed.compareAndSet(null, e);
    }
  }

  /**
   * What an open-loop table runs: per partition count, each load (percent of capacity) once per
   * variant (app keys over the defaults; the first is usually empty), interleaved.
   */
  record Plan(
      List<Integer> partitions,
      List<Integer> loads,
      List<Map<String, String>> variants,
      int batch,
      int openSeconds) {}

  /**
   * Per partition count: the capacity from a closed-loop run of the first {@code capacityRows}
   * rows, then an open-loop run at each load (percent of it); prints one table.
   */
  static void table(
      List<ItSupport.RawTweet> rows,
      int capacityRows,
      Path bundle,
      Path stackDir,
      Plan plan,
      String encoder)
      throws Exception {
    List<Integer> partitions = plan.partitions();
    int batch = plan.batch();
    int openSeconds = plan.openSeconds();
    List<String> lines = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(stackDir)) {
      for (int np : partitions) {
        // The rates are shares of what the app does with its defaults. Beside it, the same
        // closed loop with a 60 s flush budget (the adaptive cap never cuts a batch): the
        // difference is what the 2.5 s default budget costs on this host.
        Run cap =
            ClosedLoop.runAppDefaults(
                stack, "cap" + np + "-", rows.subList(0, capacityRows), bundle, np);
        Run fixed =
            ClosedLoop.run(
                stack, "fix" + np + "-", rows.subList(0, capacityRows), bundle, batch, np, false);
        lines.add(
            String.format(
                Locale.ROOT,
                "%d partitions: capacity %.1f tweets/s (closed loop, app defaults, %d tweets);"
                    + " %.1f with batch.max.size=%d and a 60 s flush budget",
                np,
                cap.rate(),
                capacityRows,
                fixed.rate(),
                batch));
        for (int pct : plan.loads()) {
          for (int v = 0; v < plan.variants().size(); v++) {
            Map<String, String> keys = plan.variants().get(v);
            OpenLoop.Result r =
                OpenLoop.run(
                    stack,
                    "ol" + np + "-" + pct + "-v" + v + "-",
                    bundle,
                    np,
                    rows,
                    cap.rate() * pct / 100.0,
                    openSeconds,
                    keys);
            // The target's bound with the mean pass; beside it, the same with the p99 pass, which
            // tells pass-time variance (sizes, lengths, a noisy host) from time lost to scheduling.
            double bound = r.delayMs() + 2 * r.meanPassMs();
            double boundP99 = r.delayMs() + 2 * r.p99PassMs();
            lines.add(
                String.format(
                    Locale.ROOT,
                    "  %3d%% %s: offered %6.1f/s got %6.1f/s  p50 %5d  p99 %5d  p99.9 %5d ms;"
                        + " bound delay+2x mean pass = %.0f ms: p99 %s;"
                        + " delay+2x p99 pass = %.0f ms: p99 %s",
                    pct,
                    keys.isEmpty() ? "defaults" : keys.toString(),
                    r.offered(),
                    r.run().rate(),
                    r.run().p50(),
                    r.run().p99(),
                    r.run().p999(),
                    bound,
                    r.run().p99() <= bound ? "within" : "OVER",
                    boundP99,
                    r.run().p99() <= boundP99 ? "within" : "OVER"));
            lines.add(
                String.format(
                    Locale.ROOT,
                    "        event time to classified (wait, queue, pass) p50 %d p99 %d ms;"
                        + " classified to read (commit, fetch) p50 %d p99 %d ms",
                    r.scored().p50(),
                    r.scored().p99(),
                    r.visible().p50(),
                    r.visible().p99()));
            lines.add("        " + r.threadTimes());
            lines.add(
                "        "
                    + r.batches()
                    + String.format(
                        Locale.ROOT,
                        "; pass mean %.0f ms, p99 <= %.0f ms",
                        r.meanPassMs(),
                        r.p99PassMs()));
            lines.add("        " + r.capTrace());
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nOpen-loop latency: encoder %s, event time to result read"
            + " (read_committed), %d s per rate%n",
        encoder,
        openSeconds);
    lines.forEach(System.out::println);
  }
}
