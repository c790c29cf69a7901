package io.sentimentstream.trainer.service.internals;

import java.util.Locale;

/**
 * Decides whether a candidate head may replace the serving one, from macro-F1 on the same held-out
 * slice: it must be no worse than the serving head's by more than the tolerance, and strictly
 * better than always answering the majority class.
 */
public final class QualityGate {
  private QualityGate() {}

  /**
   * The gate's verdict.
   *
   * @param publish whether to publish
   * @param reason a sentence for the log saying why
   */
  public record Decision(boolean publish, String reason) {}

  /**
   * Decides.
   *
   * @param candidate candidate macro-F1 on the held-out slice
   * @param serving serving head's macro-F1 on the same slice, or NaN when there is none for this
   *     encoder
   * @param baseline majority-class macro-F1 on the same slice
   * @param tolerance allowed drop below the serving head
   */
  public static Decision decide(
      double candidate, double serving, double baseline, double tolerance) {
    if (!(candidate > baseline)) {
      return new Decision(
          false,
          String.format(
              Locale.ROOT,
              "macro-F1 %.4f does not beat the majority-class baseline %.4f",
              candidate,
              baseline));
    }
    if (!Double.isNaN(serving) && candidate < serving - tolerance) {
      return new Decision(
          false,
          String.format(
              Locale.ROOT,
              "macro-F1 %.4f is below the serving model's %.4f minus tolerance %.4f",
              candidate,
              serving,
              tolerance));
    }
    return new Decision(
        true,
        String.format(
            Locale.ROOT,
            "macro-F1 %.4f beats the baseline %.4f and is within %.4f of the serving model's %s",
            candidate,
            baseline,
            tolerance,
            Double.isNaN(serving) ? "(none)" : String.format(Locale.ROOT, "%.4f", serving)));
  }
}
