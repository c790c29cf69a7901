package io.sentimentstream.trainer.internals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sentimentstream.classifier.AdaptableEncoder;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.LayerDeltas;
import io.sentimentstream.trainer.FineTuneParams;
import io.sentimentstream.trainer.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains adapters and head together by backpropagation through the encoder's adapted top layers:
 * the inputs are the frozen lower layers' states (computed once per text), the loss is the weighted
 * cross-entropy of the frozen head's training, the optimizer DJL's Adam (warm-up, then cosine
 * decay), and the kept result is the epoch with the best mean over sets of validation macro-F1.
 * Batches hold texts of similar length so little padding is computed.
 */
public final class AdapterFitter {
  private static final Logger log = LoggerFactory.getLogger(AdapterFitter.class);
  private static final int K = 3;
  private static final int EVAL_BATCH = 64;

  private AdapterFitter() {}

  /** The fitted adapters and head (head with version 0 and no metadata) and the epochs' scores. */
  public record Fit(
      Adapters adapters, Head head, List<HeadFitter.EpochStats> history, int bestEpoch) {}

  /**
   * Fits.
   *
   * @param train the lower states of the training texts as rows, with labels, weights and sets
   * @param val the lower states of the validation texts as rows, with labels and sets
   * @param from the first adapted layer ({@code train}'s states are the outputs below it)
   * @param start the frozen-encoder head the joint head starts from
   */
  public static Fit fit(
      AdaptableEncoder encoder,
      int from,
      Matrix train,
      Matrix val,
      Head start,
      FineTuneParams p,
      Progress progress) {
    Random random = new Random(p.seed());
    Engine.getInstance().setRandomSeed((int) p.seed());
    try (NDManager params = NDManager.newBaseManager(encoder.device(), "PyTorch")) {
      TrainableAdapters adapters =
          new TrainableAdapters(params, encoder, from, p.targets(), p.rank(), p.alpha(), random);
      TrainableHead head = new TrainableHead(params, start, p.dropout());
      int steps = (train.size() + p.batchSize() - 1) / p.batchSize();
      Adam adapterOpt = adam(p.adapterLearningRate(), steps * p.epochs());
      Adam headOpt = adam(p.headLearningRate(), steps * p.epochs());
      WeightedCrossEntropyLoss loss = new WeightedCrossEntropyLoss(K);
      List<HeadFitter.EpochStats> history = new ArrayList<>();
      Fit best = null;
      double bestF1 = -1;
      try (Progress.Task task = progress.start("fine-tune", (long) steps * p.epochs())) {
        for (int epoch = 1; epoch <= p.epochs(); epoch++) {
          double lossSum = 0;
          double weightSum = 0;
          int step = 0;
          int skipped = 0;
          for (int[] idx : batches(train, p.batchSize(), random)) {
            step++;
            try (NDManager m = params.newSubManager()) {
              NDList labels =
                  new NDList(m.create(train.labelsOf(idx)), m.create(train.weightsOf(idx)));
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray pooled = encoder.pooled(m, rows(train, idx), from, adapters.deltas());
                NDArray l = loss.evaluate(labels, new NDList(head.logits(pooled, true)));
                float stepLoss = l.getFloat();
                if (!Float.isFinite(stepLoss)) {
                  String why =
                      "in epoch " + epoch + " after " + step + " steps (loss " + stepLoss + ")";
                  return diverged(why, p, best, history);
                }
                gc.backward(l);
                double w = labels.get(1).sum().getFloat();
                lossSum += stepLoss * w;
                weightSum += w;
              }
              if (!GradientSteps.step(
                  List.of(
                      Map.entry(adapterOpt, adapters.parameters()),
                      Map.entry(headOpt, head.parameters())))) {
                skipped++;
              }
            }
            task.step(1);
            task.status(
                String.format(Locale.ROOT, "epoch %d loss %.4f", epoch, lossSum / weightSum));
          }
          Fit now;
          try {
            now =
                new Fit(
                    adapters.snapshot(start.encoder()), head.snapshot(0, Map.of()), null, epoch);
          } catch (IllegalArgumentException e) { // a non-finite weight: the last step diverged
            return diverged(
                "at the end of epoch " + epoch + " (" + e.getMessage() + ")", p, best, history);
          }
          float[][] logits = logits(encoder, from, now, val.rows());
          double f1 = val.score(logits, new float[K]);
          history.add(
              new HeadFitter.EpochStats(
                  epoch, lossSum / weightSum, Matrix.weightedLoss(logits, val), f1));
          task.status(String.format(Locale.ROOT, "epoch %d val-F1 %.4f", epoch, f1));
          log.info(
              String.format(
                  Locale.ROOT,
                  "Fine-tuning epoch %d of %d: training loss %.4f, mean validation macro-F1 %.4f%s",
                  epoch,
                  p.epochs(),
                  lossSum / weightSum,
                  f1,
                  skipped == 0
                      ? ""
                      : "; " + skipped + " step(s) skipped for a non-finite gradient"));
          if (f1 > bestF1) {
            bestF1 = f1;
            best = now;
          } else if (epoch - best.bestEpoch() >= p.patience()) {
            break;
          }
        }
      }
      return new Fit(best.adapters(), best.head(), List.copyOf(history), best.bestEpoch());
    }
  }

  /** Keeps the best epoch so far after a divergence, or fails if there is none. */
  private static Fit diverged(
      String why, FineTuneParams p, Fit best, List<HeadFitter.EpochStats> history) {
    String what =
        "fine-tuning diverged "
            + why
            + "; a lower --adapter-lr (now "
            + p.adapterLearningRate()
            + ") or fewer --fine-tune-epochs may help";
    if (best == null) {
      throw new IllegalStateException(what);
    }
    log.warn("{}: keeping epoch {}", what, best.bestEpoch());
    return new Fit(best.adapters(), best.head(), List.copyOf(history), best.bestEpoch());
  }

  /**
   * Pooled vectors of texts given by their lower states, through the adapted layers with {@code
   * adapters} unmerged (no gradients).
   */
  public static float[][] vectors(
      AdaptableEncoder encoder, int from, Adapters adapters, float[][] states) {
    float[][] out = new float[states.length][];
    try (NDManager root = NDManager.newBaseManager(encoder.device(), "PyTorch")) {
      LayerDeltas deltas = adapters == null ? LayerDeltas.NONE : LayerDeltas.of(root, adapters);
      Integer[] order = new Integer[states.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(states[a].length, states[b].length));
      for (int s = 0; s < order.length; s += EVAL_BATCH) {
        int n = Math.min(EVAL_BATCH, order.length - s);
        float[][] batch = new float[n][];
        for (int j = 0; j < n; j++) {
          batch[j] = states[order[s + j]];
        }
        try (NDManager m = root.newSubManager()) {
          float[] flat = encoder.pooled(m, batch, from, deltas).toFloatArray();
          int h = flat.length / n;
          for (int j = 0; j < n; j++) {
            out[order[s + j]] = Arrays.copyOfRange(flat, j * h, (j + 1) * h);
          }
        }
      }
    }
    return out;
  }

  private static float[][] logits(AdaptableEncoder encoder, int from, Fit fit, float[][] states) {
    return BiasTuner.logProbabilities(
        fit.head().probabilities(vectors(encoder, from, fit.adapters(), states)));
  }

  private static Adam adam(float peak, int totalSteps) {
    int warmUp = Math.max(1, totalSteps / 20);
    Tracker cosine =
        Tracker.cosine()
            .setBaseValue(peak)
            .optFinalValue(peak / 20)
            .setMaxUpdates(Math.max(1, totalSteps - warmUp))
            .build();
    return Optimizer.adam()
        .optLearningRateTracker(
            Tracker.warmUp().setMainTracker(cosine).optWarmUpSteps(warmUp).build())
        .optClipGrad(1f)
        .build();
  }

  /** Batches of texts of similar length: shuffle, sort chunks of 50 batches, shuffle batches. */
  private static List<int[]> batches(Matrix train, int batchSize, Random random) {
    int[] order = Matrix.permutation(train.size(), random);
    List<int[]> out = new ArrayList<>();
    int chunk = batchSize * 50;
    for (int c = 0; c < order.length; c += chunk) {
      Integer[] part = new Integer[Math.min(chunk, order.length - c)];
      for (int i = 0; i < part.length; i++) {
        part[i] = order[c + i];
      }
      Arrays.sort(part, (a, b) -> Integer.compare(train.rows()[a].length, train.rows()[b].length));
      for (int s = 0; s < part.length; s += batchSize) {
        int n = Math.min(batchSize, part.length - s);
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
          idx[j] = part[s + j];
        }
        out.add(idx);
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  private static float[][] rows(Matrix m, int[] idx) {
    float[][] out = new float[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = m.rows()[idx[i]];
    }
    return out;
  }
}
