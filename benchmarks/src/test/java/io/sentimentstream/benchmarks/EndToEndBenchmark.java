package io.sentimentstream.benchmarks;

import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.MatmulPrecision;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end benchmark: replays GOP tweets through the local broker and prints, in one run,
 * tweets/s from first in to last out and p50/p99 end-to-end latency for (a) the topology with
 * micro-batching, (b) the same with batch.max.size=1, (c) the classifier alone on the same texts
 * (batches of 32, no Kafka, no cache), (d) ONNX Runtime alone on fixed-length batches of 32 (the
 * engine baseline), with ratios. The topology runs have the aggregate sub-topology off, as before
 * it existed; {@code --aggregates} instead measures its cost: (a) with aggregates off and on, twice
 * each (off, on, on, off), and (b) is skipped.
 */
@Command(name = "end-to-end-benchmark", mixinStandardHelpOptions = true)
public final class EndToEndBenchmark implements Callable<Integer> {
  @Option(
      names = "--limit",
      defaultValue = "2000",
      description = "Tweets replayed (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--encoder",
      defaultValue = "e5-small-v2",
      description = "Encoder (default ${DEFAULT-VALUE}).")
  String encoder;

  @Option(names = "--batch", defaultValue = "32", description = "batch.max.size of run (a).")
  int batch;

  @Option(
      names = "--limit-unbatched",
      defaultValue = "0",
      description = "Tweets for (b); 0 = --limit.")
  int limitUnbatched;

  @Option(
      names = "--partitions",
      split = ",",
      defaultValue = "1",
      description = "Input partitions of run (a), one run each, e.g. 1,6,12 (default 1).")
  List<Integer> partitions;

  @Option(names = "--dir", description = "Work directory (default: stream-app/target/bench).")
  Path dir;

  @Option(
      names = "--aggregates",
      description = "Measure the aggregate sub-topology's cost: (a) without and with it.")
  boolean aggregates;

  @Option(
      names = "--open-loop",
      description =
          "Latency under a steady load instead: per --partitions, measure capacity, then send at"
              + " each of --loads percent of it (default batch settings).")
  boolean openLoop;

  @Option(
      names = "--loads",
      split = ",",
      defaultValue = "25,50,75",
      description = "Open-loop rates, percent of the measured capacity (default ${DEFAULT-VALUE}).")
  List<Integer> loads;

  @Option(
      names = "--open-seconds",
      defaultValue = "60",
      description = "Seconds counted per open-loop rate, after a 5 s warm-up (default 60).")
  int openSeconds;

  @Option(
      names = "--app-variant",
      description =
          "Open loop: also run each rate with these app keys on top (key=value,key=value),"
              + " interleaved with the defaults in the same run; repeat for more variants.")
  List<String> appVariants = List.of();

  @Option(
      names = "--rss-records",
      defaultValue = "0",
      description = "Memory run instead: this many records (GOP texts cycled), RSS sampled.")
  int rssRecords;

  /** The defaults (an empty map), then each {@code --app-variant} as its keys. */
  private List<Map<String, String>> variants() {
    List<Map<String, String>> variants = new ArrayList<>();
    variants.add(Map.of());
    for (String v : appVariants) {
      Map<String, String> keys = new LinkedHashMap<>();
      for (String kv : v.split(",")) {
        String[] pair = kv.split("=", 2);
        if (pair.length != 2) {
          throw new CommandLine.ParameterException(
              new CommandLine(this), "--app-variant: not key=value: " + kv);
        }
        keys.put(pair[0].trim(), pair[1].trim());
      }
      variants.add(keys);
    }
    return variants;
  }

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EndToEndBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (dir == null) { // exec:java runs in the reactor root or the module dir
      dir =
          Path.of(
              java.nio.file.Files.isDirectory(Path.of("stream-app"))
                  ? "stream-app/target/bench"
                  : "target/bench");
    }
    List<ItSupport.RawTweet> rows = ItSupport.gopRows(limit);
    if (rssRecords > 0) {
      try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
        return RssRun.run(stack, bundle(rows), rows, rssRecords);
      }
    }
    Path bundle = bundle(rows);
    if (openLoop) {
      // All GOP rows: the open-loop runs then send each text once, however long they last.
      List<ItSupport.RawTweet> all = ItSupport.gopRows(Integer.MAX_VALUE);
      OpenLoop.table(
          all,
          limit,
          bundle,
          dir.resolve("stack"),
          new OpenLoop.Plan(partitions, loads, variants(), batch, openSeconds),
          encoder);
      return 0;
    }
    Run c = classifierAlone(rows, head, MatmulPrecision.AUTO);
    if (aggregates) {
      return aggregateCost(rows, bundle, c);
    }
    // Where AUTO means MEDIUM (bf16 GEMMs), (a) and (c) run at HIGHEST too: float32 side by side
    boolean bf16 =
        MatmulPrecision.AUTO.resolve(false, MatmulPrecision.cpuFlags()) == MatmulPrecision.MEDIUM;
    Run cHighest = bf16 ? classifierAlone(rows, head, MatmulPrecision.HIGHEST) : null;
    Run aHighest = null;
    List<Run> a = new ArrayList<>();
    Run b;
    try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
      for (int np : partitions) {
        a.add(ClosedLoop.run(stack, "a" + np + "-", rows, bundle, batch, np, false));
      }
      if (bf16) {
        Map<String, String> highest = Map.of(StreamConfig.MODEL_MATMUL_PRECISION, "HIGHEST");
        aHighest = ClosedLoop.run(stack, "ah-", rows, bundle, batch, 1, false, highest);
      }
      int nb = limitUnbatched > 0 ? Math.min(limitUnbatched, rows.size()) : rows.size();
      b = ClosedLoop.run(stack, "b-", rows.subList(0, nb), bundle, 1, 1, false);
    }
    System.out.printf(
        Locale.ROOT,
        "%nEnd-to-end benchmark: %d GOP tweets, encoder %s, 2 CPU threads%n",
        rows.size(),
        encoder);
    System.out.printf(
        Locale.ROOT, "%-44s %10s %10s %10s %8s%n", "run", "tweets/s", "p50 ms", "p99 ms", "ratio");
    for (int i = 0; i < a.size(); i++) {
      print(
          "(a) topology, batch.max.size=" + batch + ", " + partitions.get(i) + " partitions",
          a.get(i),
          c);
    }
    if (aHighest != null) {
      print("(a) as above, 1 partition, matmul HIGHEST", aHighest, c);
    }
    print("(b) topology, batch.max.size=1", b, c);
    print("(c) classifier alone, batch 32, no Kafka", c, c);
    if (cHighest != null) {
      print("(c) as above, matmul HIGHEST", cHighest, c);
    }
    Run d = OrtBaseline.fixed32(encoder, rows.size());
    print("(d) ONNX Runtime alone, 32 x 32 tokens", d, c);
    System.out.printf(
        Locale.ROOT,
        "matmul precision of (a), (b), (c): %s (CPU bf16 flags: %s)%n",
        bf16 ? "MEDIUM (AUTO)" : "HIGHEST (AUTO)",
        MatmulPrecision.bf16FlagsPresent(MatmulPrecision.cpuFlags()));
    if (aHighest != null) {
      System.out.printf(
          Locale.ROOT,
          "(a) HIGHEST/(d) = %.2fx   (a) MEDIUM/HIGHEST = %.2fx%n",
          aHighest.rate() / d.rate(),
          a.get(0).rate() / aHighest.rate());
    }
    System.out.printf(
        Locale.ROOT,
        "(a)/(b) = %.2fx   (a)/(c) = %.2fx   (a)/(d) = %.2fx%n",
        a.get(0).rate() / b.rate(),
        a.get(0).rate() / c.rate(),
        a.get(0).rate() / d.rate());
    for (int i = 1; i < a.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "(a) %d partitions / %d partitions = %.2fx%n",
          partitions.get(i),
          partitions.get(0),
          a.get(i).rate() / a.get(0).rate());
    }
    return 0;
  }

  private Head head;

  /** A model bundle with a head for {@code --encoder}; sets {@link #head}. */
  private Path bundle(List<ItSupport.RawTweet> rows) throws Exception {
    try (Encoder e =
        Encoders.open(EncoderOptions.defaults().withModel(encoder).withDevice(Device.CPU))) {
      head = ItSupport.head(e.id(), 1, 1, e.pooling());
    }
    return ItSupport.bundle(dir.toAbsolutePath().resolve("model"), head);
  }

  private int aggregateCost(List<ItSupport.RawTweet> rows, Path bundle, Run c) throws Exception {
    List<Run> off = new ArrayList<>();
    List<Run> on = new ArrayList<>();
    try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
      // Off, on, on, off: a load that drifts steadily during the run weighs on both alike.
      off.add(ClosedLoop.run(stack, "off1-", rows, bundle, batch, 1, false));
      on.add(ClosedLoop.run(stack, "on1-", rows, bundle, batch, 1, true));
      on.add(ClosedLoop.run(stack, "on2-", rows, bundle, batch, 1, true));
      off.add(ClosedLoop.run(stack, "off2-", rows, bundle, batch, 1, false));
    }
    System.out.printf(
        Locale.ROOT,
        "%nAggregate sub-topology cost: %d GOP tweets, encoder %s, batch.max.size=%d%n",
        rows.size(),
        encoder,
        batch);
    System.out.printf(
        Locale.ROOT, "%-44s %10s %10s %10s %8s%n", "run", "tweets/s", "p50 ms", "p99 ms", "vs (c)");
    for (int i = 0; i < 2; i++) {
      print("(a" + (i + 1) + ") topology, aggregates off", off.get(i), c);
      print("(a" + (i + 1) + "+) topology, aggregates on", on.get(i), c);
    }
    print("(c) classifier alone, batch 32, no Kafka", c, c);
    double offRate = (off.get(0).rate() + off.get(1).rate()) / 2;
    double onRate = (on.get(0).rate() + on.get(1).rate()) / 2;
    System.out.printf(
        Locale.ROOT,
        "mean on/off = %.3fx (%.1f vs %.1f tweets/s); aggregates complete %d / %d ms after the"
            + " last result%n",
        onRate / offRate,
        onRate,
        offRate,
        on.get(0).aggregatesLagMs(),
        on.get(1).aggregatesLagMs());
    return 0;
  }

  private static void print(String name, Run r, Run base) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %10.1f %10s %10s %7.2fx%n",
        name,
        r.rate(),
        r.p50() < 0 ? "-" : Long.toString(r.p50()),
        r.p99() < 0 ? "-" : Long.toString(r.p99()),
        r.rate() / base.rate());
  }

  private static Run classifierAlone(
      List<ItSupport.RawTweet> rows, Head head, MatmulPrecision precision) {
    List<String> texts = rows.stream().map(r -> TextCleaner.clean(r.text())).toList();
    EncoderOptions o =
        EncoderOptions.defaults()
            .withModel(head.encoder().name())
            .withPooling(head.pooling())
            .withDevice(Device.CPU)
            .withMatmulPrecision(precision);
    try (SentimentClassifier cls = new SentimentClassifier(Encoders.open(o), head)) {
      cls.classify(texts.subList(0, Math.min(32, texts.size()))); // warm-up
      long t0 = System.nanoTime();
      for (int i = 0; i < texts.size(); i += 32) {
        cls.classify(texts.subList(i, Math.min(texts.size(), i + 32)));
      }
      return new Run(texts.size(), (System.nanoTime() - t0) / 1_000_000, new long[0]);
    }
  }
}
