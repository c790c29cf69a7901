package io.sentimentstream.classifier;

/**
 * The classifier's verdict on one text.
 *
 * @param label the most probable label
 * @param probabilities one probability per label, in {@link Label#ORDER}; they sum to 1
 * @param truncated whether the text was cut to the encoder's maximum length
 * @param modelVersion version of the head that produced this prediction
 */
public record Prediction(Label label, float[] probabilities, boolean truncated, long modelVersion) {
  /** Probability of one label. */
  public float probability(Label l) {
    return probabilities[l.ordinal()];
  }
}
