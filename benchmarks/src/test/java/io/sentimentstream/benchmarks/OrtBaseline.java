package io.sentimentstream.benchmarks;

import io.sentimentstream.classifier.bench.EncoderBenchmark;
import io.sentimentstream.classifier.internals.OnnxOracle;
import io.sentimentstream.classifier.internals.PaddedBatch;
import io.sentimentstream.classifier.internals.ShippedEncoder;

/**
 * The engine baseline: ONNX Runtime alone on the same encoder, batches of 32 texts of exactly 32
 * tokens, mean pooling and the copy back to Java included, all cores. Nothing of Kafka, the cache
 * or tokenization: what the end-to-end run is held against.
 */
final class OrtBaseline {
  private OrtBaseline() {}

  /** At least {@code sentences} sentences through ONNX Runtime, timed after a warm-up. */
  static Run fixed32(String encoder, int sentences) throws Exception {
    ShippedEncoder shipped =
        ShippedEncoder.byName(encoder)
            .orElseThrow(() -> new IllegalArgumentException("not a shipped encoder: " + encoder));
    int cores = Runtime.getRuntime().availableProcessors();
    try (OnnxOracle ort = new OnnxOracle(shipped, cores)) {
      PaddedBatch b = EncoderBenchmark.fixed(32, 32).get(0);
      for (int i = 0; i < 3; i++) {
        ort.meanPooled(b);
      }
      long t0 = System.nanoTime();
      int n = 0;
      while (n < sentences) {
        ort.meanPooled(b);
        n += b.batch();
      }
      return new Run(n, (System.nanoTime() - t0) / 1_000_000, new long[0]);
    }
  }
}
