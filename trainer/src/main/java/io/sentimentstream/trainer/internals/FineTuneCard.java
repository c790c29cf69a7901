package io.sentimentstream.trainer.internals;

import io.sentimentstream.trainer.FineTuneParams;
import io.sentimentstream.trainer.FineTuning;
import io.sentimentstream.trainer.TrainResult;
import java.util.Arrays;
import java.util.Locale;

/** The model card's fine-tuning section: the recipe, the epochs, the cost and the update size. */
final class FineTuneCard {
  private FineTuneCard() {}

  static void section(StringBuilder b, FineTuning.Result ft) {
    FineTuneParams p = ft.params();
    TrainResult r = ft.tuned();
    b.append("\n## Fine-tuning\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "* adapters (LoRA) on %s of the top %d layers, rank %d, alpha %s: %d parameters,"
                + " merged into a copy of the encoder's weights when the model is loaded%n"
                + "* trained with the head (started from the frozen-encoder head above): Adam,"
                + " peak lr %s (adapters) / %s (head), warm-up then cosine decay, batch %d, max"
                + " epochs %d, patience %d, dropout %s; same example weights%n"
                + "* %s%n"
                + "* best epoch %d of %d; logit offsets %s%n"
                + "* time: lower layers %.0f s, fine-tuning %.0f s%n",
            p.targets(),
            p.adaptedLayers(),
            p.rank(),
            p.alpha(),
            ft.adapters().parameterCount(),
            p.adapterLearningRate(),
            p.headLearningRate(),
            p.batchSize(),
            p.epochs(),
            p.patience(),
            p.dropout(),
            ft.frozenLayers() == 0
                ? "every layer has adapters: nothing below them to compute once"
                : "the lower " + ft.frozenLayers() + " layers' outputs are computed once per text",
            r.bestEpoch(),
            r.history().size(),
            Arrays.toString(r.logitOffsets()),
            r.embedSeconds(),
            r.trainSeconds()));
    b.append(
        "\n| epoch | train loss | validation loss | mean validation macro-F1 |\n|---|---|---|---|\n");
    r.history()
        .forEach(
            e ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "| %d | %.4f | %.4f | %.4f |%n",
                        e.epoch(),
                        e.trainLoss(),
                        e.valLoss(),
                        e.valMacroF1())));
  }
}
