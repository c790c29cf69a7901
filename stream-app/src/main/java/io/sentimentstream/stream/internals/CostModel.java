package io.sentimentstream.stream.internals;

/**
 * What one forward pass costs: {@code ms = load * (interceptMs + slopeMs * tokens) + extraMs}.
 *
 * <p>The shape (a fixed cost per pass plus a cost per token) comes from a calibration, measured at
 * start-up on distinct maximum-length texts. Two terms follow what passes cost now:
 *
 * <ul>
 *   <li>{@code load} scales the whole shape: a busy neighbour or a slower host stretches every
 *       large pass by about the same factor. A pass that alone took more than half the flush budget
 *       moves it up to its ratio at once. So do two passes in a row of at least half a full batch,
 *       both at least 1.5x the current load (to the lower of their two ratios): a slowdown shrinks
 *       the batch after next, while one slow pass on a noisy host does not. Otherwise it follows a
 *       moving average, each pass weighed by its share of a full batch (batches grow back over ~10
 *       full passes).
 *   <li>{@code extraMs} is a cost every pass pays on top, whatever its size: on cores shared with a
 *       broker, a pass of one or two tweets can take 3-5x its calibrated time from scheduling
 *       alone. That is learned, as a moving average, from the part of each pass that is not a full
 *       batch. Taking such a pass as a ratio for the whole shape made the cap swing several-fold on
 *       an idle host (docs/performance.md); as an added cost it moves the estimate of a full pass
 *       by what it really adds.
 * </ul>
 *
 * Without a calibration the first observed pass sets the shape, with no fixed cost. Not
 * thread-safe: {@link BatchBudget} guards it.
 */
final class CostModel {
  /** Weight of a new observation in the moving averages. */
  private static final double EASE = 0.1;

  /** Two passes in a row of at least this share of a full batch can move the load up at once. */
  private static final double JUMP_SHARE = 0.5;

  /**
   * A jump needs both passes at least this many times the current load; smaller excursions (a
   * shared host's passes vary 2x and more) are left to the moving average.
   */
  private static final double JUMP_FACTOR = 1.5;

  private double interceptMs;
  private double slopeMs;
  private double load = 1;
  private double extraMs;
  private double lastLargeRatio;
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
    this.extraMs = 0;
    this.lastLargeRatio = 0;
    this.calibrated = true;
  }

  /**
   * Records a pass of {@code tokens} units that took {@code ms}.
   *
   * @param fullShare how much of a full batch the pass was, 0..1
   * @param alarming whether the pass alone took so long that another like it would endanger the
   *     deadline: then its ratio is taken at once, whatever its size
   */
  void add(long tokens, double ms, double fullShare, boolean alarming) {
    if (!calibrated) {
      slopeMs = Math.max(ms, 1e-3) / tokens;
      calibrated = true;
      return;
    }
    double w = Math.max(0, Math.min(1, fullShare));
    double ratio = Math.max(0, ms - extraMs) / calibratedMs(tokens);
    if (alarming) {
      load = Math.max(load, ratio);
      lastLargeRatio = ratio;
    } else if (w >= JUMP_SHARE) {
      double confirmed = Math.min(ratio, lastLargeRatio); // one slow pass alone may be noise
      lastLargeRatio = ratio;
      if (confirmed >= JUMP_FACTOR * load) {
        load = confirmed;
      }
    }
    load += EASE * w * (ratio - load);
    double excess = ms - load * calibratedMs(tokens);
    extraMs = Math.max(0, extraMs + EASE * (1 - w) * (excess - extraMs));
  }

  /** Estimated cost now of a pass of {@code tokens} units; 0 before anything is known. */
  double estimateMs(long tokens) {
    return calibrated ? load * calibratedMs(tokens) + extraMs : 0;
  }

  /** Current fixed cost per pass, load and extra included. */
  double interceptMs() {
    return load * interceptMs + extraMs;
  }

  /** Current cost per token, load included. */
  double slopeMs() {
    return load * slopeMs;
  }

  private double calibratedMs(long tokens) {
    return interceptMs + slopeMs * tokens;
  }
}
