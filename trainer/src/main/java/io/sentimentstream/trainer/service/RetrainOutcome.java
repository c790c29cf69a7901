package io.sentimentstream.trainer.service;

/**
 * The result of one retraining in the service.
 *
 * @param published whether the candidate passed the gate and was published
 * @param version the candidate's version
 * @param macroF1 candidate macro-F1 on the held-out slice
 * @param servingMacroF1 the serving head's macro-F1 on the same slice (NaN if none)
 * @param baselineMacroF1 the majority-class baseline's macro-F1 on the same slice
 * @param reason why it was or was not published
 * @param failed the candidate passed the gate but publishing it failed (its version is burned all
 *     the same, since the broker may have written it; the service retries at its next tick)
 */
public record RetrainOutcome(
    boolean published,
    long version,
    double macroF1,
    double servingMacroF1,
    double baselineMacroF1,
    String reason,
    boolean failed) {}
