package io.sentimentstream.trainer.cli;

import io.sentimentstream.classifier.LayerDeltas.Target;
import io.sentimentstream.trainer.FineTuneParams;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The fine-tuning options of {@code train}: with {@code --fine-tune}, adapters on the encoder's top
 * layers are trained with the head, after the frozen-encoder head (the baseline of the model card).
 * Defaults are {@link FineTuneParams#defaults()}, the shipped default model's recipe.
 */
public final class FineTuneArgs {
  private static final FineTuneParams D = FineTuneParams.defaults();

  @Option(
      names = "--fine-tune",
      description = "Also train low-rank adapters in the encoder's top layers with the head.")
  boolean enabled;

  @Option(
      names = "--adapt-layers",
      description = "Top layers with adapters (default: 12, all of e5-small-v2).")
  int layers = D.adaptedLayers();

  @Option(
      names = "--adapter-targets",
      split = ",",
      description =
          "Linear weights with adapters, of QUERY, KEY, VALUE, ATTENTION_OUTPUT, INTERMEDIATE,"
              + " OUTPUT (default: QUERY,VALUE,ATTENTION_OUTPUT,OUTPUT).")
  List<Target> targets = List.copyOf(D.targets());

  @Option(names = "--adapter-rank", description = "Adapter rank r (default: 8).")
  int rank = D.rank();

  @Option(
      names = "--adapter-alpha",
      description = "Adapter alpha; deltas scale alpha/r (default: 16).")
  float alpha = D.alpha();

  @Option(names = "--adapter-lr", description = "Adapters' peak learning rate (default: 0.0005).")
  float adapterLr = D.adapterLearningRate();

  @Option(
      names = "--fine-tune-head-lr",
      description = "Head's peak learning rate while fine-tuning (default: 0.0005).")
  float headLr = D.headLearningRate();

  @Option(names = "--fine-tune-epochs", description = "Most fine-tuning epochs (default: 2).")
  int epochs = D.epochs();

  @Option(names = "--fine-tune-batch-size", description = "Texts per step (default: 32).")
  int batchSize = D.batchSize();

  @Option(
      names = "--fine-tune-patience",
      description = "Epochs without a better validation score before stopping (default: 2).")
  int patience = D.patience();

  @Option(
      names = "--fine-tune-dropout",
      description = "Dropout before the head while fine-tuning (default: 0.1).")
  float dropout = D.dropout();

  /** The recipe these options give ({@code seed} is the run's). */
  FineTuneParams params(long seed) {
    return new FineTuneParams(
        layers,
        EnumSet.copyOf(targets),
        rank,
        alpha,
        adapterLr,
        headLr,
        epochs,
        batchSize,
        patience,
        dropout,
        seed);
  }
}
