package io.sentimentstream.classifier.bench;

import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.ForwardPasses;
import io.sentimentstream.classifier.GopTweets;
import io.sentimentstream.classifier.MatmulPrecision;
import io.sentimentstream.classifier.MklShim;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.classifier.internals.BatchTokenizer;
import io.sentimentstream.classifier.internals.BertEncoder;
import io.sentimentstream.classifier.internals.OnnxOracle;
import io.sentimentstream.classifier.internals.PaddedBatch;
import io.sentimentstream.classifier.internals.ShippedEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Prints encoder throughput (sentences/s) of the DJL/PyTorch BERT forward next to ONNX Runtime Java
 * on identical pre-tokenized batches, with the ratio, for the default and the fast encoder: batch
 * sizes 1, 8, 32, 128 at a fixed length of 32 tokens and on real GOP tweets with length-aware
 * batching (sorted by token count, then cut into batches of a row count, and by a padded-token
 * budget as the encoder cuts them, {@code ForwardPasses}). DJL runs at both matmul precisions,
 * HIGHEST (float32 GEMMs) and MEDIUM (bf16 GEMM inputs; only on a CPU with bf16 units, see {@link
 * MatmulPrecision}); ONNX Runtime at its defaults. Both sides include mean pooling and the copy
 * back to Java. Engines alternate in rounds; the median round is printed, so load from other
 * processes hits both alike. Then an RSS check (see {@link RssCheck}).
 *
 * <p>Run: {@code mvn -B -q -pl classifier exec:java@encoder-benchmark [-Dexec.args="--quick"]}.
 * Flags: {@code --quick} (shorter rounds), {@code --no-throughput}, {@code --no-rss}, {@code
 * --rss-batches N} (default 10000), {@code --encoders e5-small-v2,all-minilm-l6-v2}, {@code
 * --threads N} (intra-op threads of both engines; default: all cores, as {@code Encoders}), {@code
 * --mkl-compare} (the run twice, without and with the MKL shim preloaded, see {@link MklCompare}).
 * PyTorch's count is DJL's system property {@code ai.djl.pytorch.num_threads}, read once when the
 * engine starts, so it is set here before the first encoder opens.
 */
public final class EncoderBenchmark {
  private static final int[] BATCHES = {1, 8, 32, 128};
  private static final int[] TOKEN_BUDGETS = {256, 512, 1024, 2048, 4096};
  private static final List<MatmulPrecision> PRECISIONS =
      MatmulPrecision.AUTO.resolve(false, MatmulPrecision.cpuFlags()) == MatmulPrecision.MEDIUM
          ? List.of(MatmulPrecision.HIGHEST, MatmulPrecision.MEDIUM)
          : List.of(MatmulPrecision.HIGHEST);

  private EncoderBenchmark() {}

  /** Entry point; see the class comment for flags. */
  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    boolean quick = a.contains("--quick");
    String encoders = value(a, "--encoders", "e5-small-v2,all-minilm-l6-v2");
    int rssBatches = Integer.parseInt(value(a, "--rss-batches", "10000"));
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = Integer.parseInt(value(a, "--threads", Integer.toString(cores)));

    if (a.contains("--mkl-compare")) {
      MklCompare.run(a);
      return;
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.out.printf(
        Locale.ROOT, "cores=%d threads=%d quick=%s loadavg=%s%n", cores, threads, quick, load());
    System.out.println(MklShim.status().describe());
    if (!a.contains("--no-throughput")) {
      List<String> tweets = GopTweets.distinctCleaned(1024);
      for (String name : encoders.split(",")) {
        throughput(ShippedEncoder.byName(name).orElseThrow(), tweets, quick, threads);
      }
    }
    if (!a.contains("--no-rss")) {
      RssCheck.run(rssBatches);
    }
    System.out.printf(Locale.ROOT, "%nloadavg at end=%s%n", load());
  }

  private static void throughput(
      ShippedEncoder shipped, List<String> tweets, boolean quick, int threads) throws Exception {
    try (BertEncoder djl =
            (BertEncoder)
                Encoders.open(EncoderOptions.defaults().withModel(shipped.encoderName()));
        OnnxOracle ort = new OnnxOracle(shipped, threads)) {
      System.out.printf(Locale.ROOT, "%n== %s (%s)%n", shipped.encoderName(), djl.id());
      System.out.printf(
          Locale.ROOT,
          "%-30s %11s %11s %11s %8s %8s%n",
          "input (sentences/s)",
          "DJL HIGHEST",
          "DJL MEDIUM",
          "ORT",
          "H/ORT",
          "M/ORT");
      double minSeconds = quick ? 1.5 : 6.0;
      for (int b : BATCHES) {
        report("fixed len 32, batch " + b, fixed(b, 32), djl, ort, minSeconds);
      }
      BatchTokenizer.Tokens[] tokens = djl.tokenizer().tokenize(tweets);
      for (int b : BATCHES) {
        List<PaddedBatch> batches = lengthGrouped(tokens, b);
        double avgLen = batches.stream().mapToDouble(PaddedBatch::length).average().orElse(0);
        String label = String.format(Locale.ROOT, "GOP tweets, batch %d (T~%.0f)", b, avgLen);
        report(label, batches, djl, ort, minSeconds);
      }
      for (int budget : TOKEN_BUDGETS) {
        List<PaddedBatch> batches = budgetGrouped(tokens, budget);
        double rows = batches.stream().mapToDouble(PaddedBatch::batch).average().orElse(0);
        double avgLen = batches.stream().mapToDouble(PaddedBatch::length).average().orElse(0);
        String label =
            String.format(Locale.ROOT, "GOP, %d tokens/pass (%.0fx%.0f)", budget, rows, avgLen);
        report(label, batches, djl, ort, minSeconds);
      }
      streamRow(djl, ort, minSeconds);
    }
  }

  /**
   * The stream app's situation: calls of 32 consecutive raw GOP tweets (retweets included),
   * cleaned. DJL goes through {@code embed} (tokenize, identical texts once, length grouping); ORT
   * gets the same 32 texts tokenized by the same tokenizer and padded to the longest, as a plain
   * ORT pipeline would do. Not an engine comparison: it shows what deduplication adds.
   */
  private static void streamRow(BertEncoder djl, OnnxOracle ort, double minSeconds)
      throws Exception {
    List<String> raw = GopTweets.texts(4096);
    List<List<String>> calls = new ArrayList<>();
    for (int s = 0; s + 32 <= raw.size(); s += 32) {
      calls.add(raw.subList(s, s + 32).stream().map(TextCleaner::clean).toList());
    }
    double[] h = new double[3];
    double[] m = new double[3];
    double[] o = new double[3];
    int next = 0;
    for (int r = 0; r < 3; r++) {
      MatmulPrecision.HIGHEST.apply();
      long start = System.nanoTime();
      int k = 0;
      while (k == 0 || (System.nanoTime() - start) / 1e9 < minSeconds / 3) {
        djl.embed(calls.get((next + k++) % calls.size()));
      }
      h[r] = 32.0 * k / ((System.nanoTime() - start) / 1e9);
      int from = next;
      int n = k;
      if (precisions().size() > 1) {
        MatmulPrecision.MEDIUM.apply();
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          djl.embed(calls.get((from + i) % calls.size()));
        }
        m[r] = 32.0 * n / ((System.nanoTime() - start) / 1e9);
      }
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        List<String> call = calls.get((from + i) % calls.size());
        BatchTokenizer.Tokens[] t = djl.tokenizer().tokenize(call);
        ort.meanPooled(PaddedBatch.of(t, java.util.stream.IntStream.range(0, t.length).toArray()));
      }
      o[r] = 32.0 * n / ((System.nanoTime() - start) / 1e9);
      next = (next + k) % calls.size();
    }
    row(
        "GOP stream, 32/call, +dedupe",
        median(h),
        precisions().size() > 1 ? median(m) : Double.NaN,
        median(o));
  }

  private static void report(
      String label, List<PaddedBatch> batches, BertEncoder djl, OnnxOracle ort, double minSeconds)
      throws Exception {
    Runner d = djl::pooled;
    Runner o = ort::meanPooled;
    for (int i = 0; i < Math.min(3, batches.size()); i++) {
      for (MatmulPrecision p : precisions()) {
        p.apply();
        d.run(batches.get(i)); // warm-up
      }
      o.run(batches.get(i));
    }
    int rounds = 3;
    double[] hs = new double[rounds];
    double[] ms = new double[rounds];
    double[] os = new double[rounds];
    int next = 0;
    for (int r = 0; r < rounds; r++) {
      // DJL at HIGHEST runs for the time budget; MEDIUM and ORT then run exactly the same batches
      MatmulPrecision.HIGHEST.apply();
      long start = System.nanoTime();
      int k = 0;
      long sentences = 0;
      while (k == 0 || (System.nanoTime() - start) / 1e9 < minSeconds / rounds) {
        PaddedBatch b = batches.get((next + k++) % batches.size());
        d.run(b);
        sentences += b.batch();
      }
      hs[r] = sentences / ((System.nanoTime() - start) / 1e9);
      if (precisions().size() > 1) {
        MatmulPrecision.MEDIUM.apply();
        ms[r] = sentences / timeSeconds(batches, next, k, d);
      }
      os[r] = sentences / timeSeconds(batches, next, k, o);
      next = (next + k) % batches.size();
    }
    row(label, median(hs), precisions().size() > 1 ? median(ms) : Double.NaN, median(os));
  }

  /** HIGHEST, and MEDIUM where this CPU has bf16 units (elsewhere MEDIUM would be emulated). */
  private static List<MatmulPrecision> precisions() {
    return PRECISIONS;
  }

  private static double timeSeconds(List<PaddedBatch> batches, int from, int k, Runner run)
      throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < k; i++) {
      run.run(batches.get((from + i) % batches.size()));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] xs) {
    double[] c = xs.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static void row(String label, double high, double medium, double ort) {
    System.out.printf(
        Locale.ROOT,
        "%-30s %11.1f %11s %11.1f %7.2fx %8s%n",
        label,
        high,
        Double.isNaN(medium) ? "-" : String.format(Locale.ROOT, "%.1f", medium),
        ort,
        high / ort,
        Double.isNaN(medium) ? "-" : String.format(Locale.ROOT, "%.2fx", medium / ort));
  }

  interface Runner {
    void run(PaddedBatch b) throws Exception;
  }

  /** Batches of random word-piece ids, all exactly {@code length} tokens, [CLS] ... [SEP]. */
  public static List<PaddedBatch> fixed(int batch, int length) {
    Random rnd = new Random(batch);
    long[] ids = new long[batch * length];
    long[] mask = new long[ids.length];
    for (int i = 0; i < batch; i++) {
      for (int t = 0; t < length; t++) {
        ids[i * length + t] = t == 0 ? 101 : t == length - 1 ? 102 : 2000 + rnd.nextInt(20000);
        mask[i * length + t] = 1;
      }
    }
    return List.of(new PaddedBatch(ids, mask, batch, length));
  }

  /** Sorts texts by token count and cuts them into padded batches of {@code size}. */
  static List<PaddedBatch> lengthGrouped(BatchTokenizer.Tokens[] tokens, int size) {
    Integer[] order = new Integer[tokens.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].ids().length));
    List<PaddedBatch> out = new ArrayList<>();
    for (int s = 0; s + size <= order.length; s += size) {
      int[] rows = new int[size];
      for (int j = 0; j < size; j++) {
        rows[j] = order[s + j];
      }
      out.add(PaddedBatch.of(tokens, rows));
    }
    Collections.shuffle(out, new Random(size)); // a timed prefix then mixes short and long batches
    return out;
  }

  /** Sorts texts by token count and cuts them as the encoder does, by a padded-token budget. */
  static List<PaddedBatch> budgetGrouped(BatchTokenizer.Tokens[] tokens, int budget) {
    Integer[] order = new Integer[tokens.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].ids().length));
    int[] lengths = Arrays.stream(order).mapToInt(i -> tokens[i].ids().length).toArray();
    List<PaddedBatch> out = new ArrayList<>();
    for (int[] pass : ForwardPasses.cut(lengths, Integer.MAX_VALUE, budget)) {
      int[] rows = new int[pass[1] - pass[0]];
      Arrays.setAll(rows, j -> order[pass[0] + j]);
      out.add(PaddedBatch.of(tokens, rows));
    }
    Collections.shuffle(out, new Random(budget));
    return out;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String value(List<String> args, String flag, String dflt) {
    int i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
  }
}
