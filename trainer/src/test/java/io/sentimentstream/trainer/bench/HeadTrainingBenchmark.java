package io.sentimentstream.trainer.bench;

import io.sentimentstream.classifier.Head;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TrainParams;
import io.sentimentstream.trainer.internals.HeadFitter;
import io.sentimentstream.trainer.internals.Matrix;
import java.util.Locale;
import java.util.Random;

/**
 * Times head training on data of the GOP default head's shape (8,182 x 384 train, 1,022 validation,
 * 3 classes; random vectors: time depends on shape, not content) with one PyTorch intra-op thread
 * (what the trainer uses) against the engine's default of all cores (the baseline), in the same
 * run, and prints the ratio. Run: {@code mvn -B -q -pl trainer exec:java@bench}.
 */
public final class HeadTrainingBenchmark {
  private HeadTrainingBenchmark() {}

  /** Runs the benchmark; {@code args[0]} = epochs per timed run (default 10). */
  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Matrix train = random(8182, 1);
    Matrix val = random(1022, 2);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "load average %.2f, %d cores, %d epochs per run%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        cores,
        epochs);
    for (Head.Type type : Head.Type.values()) {
      // patience = epochs: early stopping must not end a timed run early
      TrainParams p =
          new TrainParams(type, epochs, 1e-3f, 64, 42, epochs, 1.0, false, false, 0.1f, 0);
      time(train, val, p, 1); // warm-up: JIT and native library
      double one = time(train, val, p, 1);
      double all = time(train, val, p, cores);
      System.out.printf(
          Locale.ROOT,
          "%-6s 1 thread %.2f s, %d threads (baseline) %.2f s, speed-up %.2fx, %.1f ms/epoch%n",
          type,
          one,
          cores,
          all,
          all / one,
          one * 1000 / epochs);
    }
  }

  private static double time(Matrix train, Matrix val, TrainParams p, int threads) {
    long t0 = System.nanoTime();
    HeadFitter.fit(train, val, p, Progress.NONE, threads);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Matrix random(int n, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][384];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 384; k++) {
        x[i][k] = (float) r.nextGaussian();
      }
      y[i] = r.nextInt(3);
      w[i] = 1f;
    }
    return new Matrix(x, y, w);
  }
}
