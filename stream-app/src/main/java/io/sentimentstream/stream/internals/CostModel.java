package io.sentimentstream.stream.internals;

/**
 * What one forward pass costs: {@code ms = load * (interceptMs + slopeMs * tokens)}.
 *
 * <p>The shape (a fixed cost per pass plus a cost per token) comes from a calibration, measured at
 * start-up on distinct maximum-length texts; {@code load} scales it to what passes cost now, since
 * a busy neighbour or a slower host stretches every pass by about the same factor. Each observed
 * pass gives a ratio {@code observed / calibrated}; the load jumps up to any higher ratio at once
 * (a slowdown shrinks the next batch) and follows lower ones as a moving average (batches grow back
 * over ~10 passes). Without a calibration the first observed pass sets the shape, with no fixed
 * cost. Not thread-safe: {@link BatchBudget} guards it.
 */
final class CostModel {
  /** Weight of a new ratio in the moving average when the load falls. */
  private static final double EASE = 0.1;

  private double interceptMs;
  private double slopeMs;
  private double load = 1;
  private boolean calibrated;

  /** Uncalibrated: the first observation sets the per-token cost. */
  CostModel() {}

  /** Sets the shape from two timed passes of different size (single text, full batch). */
  void calibrate(long smallTokens, double smallMs, long largeTokens, double largeMs) {
    if (largeTokens <= smallTokens) {
      throw new IllegalArgumentException("calibration needs a larger second pass");
    }
    double slope = Math.max(0, (largeMs - smallMs) / (largeTokens - smallTokens));
    double intercept = Math.max(0, smallMs - slope * smallTokens);
    if (slope == 0) { // noise made the big pass look no dearer: fall back to proportional
      slope = largeMs / largeTokens;
      intercept = 0;
    }
    this.slopeMs = slope;
    this.interceptMs = intercept;
    this.load = 1;
    this.calibrated = true;
  }

  /** Records a pass of {@code tokens} units that took {@code ms}. */
  void add(long tokens, double ms) {
    if (!calibrated) {
      slopeMs = Math.max(ms, 1e-3) / tokens;
      calibrated = true;
      return;
    }
    double ratio = ms / calibratedMs(tokens);
    load = ratio > load ? ratio : (1 - EASE) * load + EASE * ratio;
  }

  /** Estimated cost now of a pass of {@code tokens} units; 0 before anything is known. */
  double estimateMs(long tokens) {
    return calibrated ? load * calibratedMs(tokens) : 0;
  }

  /** Current fixed cost per pass, load included. */
  double interceptMs() {
    return load * interceptMs;
  }

  /** Current cost per token, load included. */
  double slopeMs() {
    return load * slopeMs;
  }

  private double calibratedMs(long tokens) {
    return interceptMs + slopeMs * tokens;
  }
}
