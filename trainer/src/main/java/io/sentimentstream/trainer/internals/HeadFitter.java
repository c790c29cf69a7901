package io.sentimentstream.trainer.internals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TrainParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a head on pooled embeddings with DJL's training API on the PyTorch engine: Adam, weighted
 * cross-entropy, early stopping on validation macro-F1 (the best epoch's weights are kept).
 */
public final class HeadFitter {
  private static final int K = Label.ORDER.size();

  private HeadFitter() {}

  /**
   * Statistics of one epoch.
   *
   * @param epoch 1-based epoch number
   * @param trainLoss weighted mean training loss over the epoch (dropout active)
   * @param valLoss weighted validation loss
   * @param valMacroF1 validation macro-F1 (without logit offsets; with several data sets, the mean
   *     over sets of each set's macro-F1)
   */
  public record EpochStats(int epoch, double trainLoss, double valLoss, double valMacroF1) {}

  /**
   * A trained head's weights ({@code nn.Linear} layout) and how it got there.
   *
   * @param layers [w1, b1] for LINEAR, [w1, b1, w2, b2] for MLP (biases as one-row matrices)
   * @param history one entry per epoch run
   * @param bestEpoch the epoch whose weights were kept
   */
  public record Fit(
      TrainParams params, List<float[][]> layers, List<EpochStats> history, int bestEpoch) {}

  /**
   * Trains on {@code train} and early-stops on {@code val}.
   *
   * @param train examples with their per-example loss weights
   * @param val validation examples (weights used only for the reported validation loss)
   */
  public static Fit fit(Matrix train, Matrix val, TrainParams p, Progress progress) {
    // A head's matmuls are tiny: intra-op threads cost more than they save, and on a busy machine
    // OpenMP's spin-waiting made a step ~9x slower (measured 46 s vs 5 s for the same run; see
    // HeadTrainingBenchmark).
    return fit(train, val, p, progress, 1);
  }

  /**
   * Trains with {@code opThreads} PyTorch intra-op threads. The setting is process-wide, so it is
   * restored for the encoder afterwards.
   */
  public static Fit fit(Matrix train, Matrix val, TrainParams p, Progress progress, int opThreads) {
    Engine.getEngine("PyTorch"); // loads the native library JniUtils calls into
    int threads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(opThreads);
    try {
      return fitWithCurrentThreads(train, val, p, progress);
    } finally {
      JniUtils.setNumThreads(threads);
    }
  }

  private static Fit fitWithCurrentThreads(
      Matrix train, Matrix val, TrainParams p, Progress progress) {
    Engine.getEngine("PyTorch").setRandomSeed((int) p.seed());
    Linear first =
        Linear.builder()
            .setUnits(p.headType() == Head.Type.MLP ? TrainParams.MLP_HIDDEN : K)
            .build();
    Linear second = Linear.builder().setUnits(K).build();
    Block block =
        p.headType() == Head.Type.MLP
            ? new SequentialBlock()
                .add(first)
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(p.dropout()).build())
                .add(second)
            : first;
    List<Linear> linears = p.headType() == Head.Type.MLP ? List.of(first, second) : List.of(first);
    WeightedCrossEntropyLoss loss = new WeightedCrossEntropyLoss(K);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .optOptimizer(
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(p.learningRate())).build())
            .optDevices(new Device[] {Device.cpu()});
    try (Model model = Model.newInstance("sentiment-head", Device.cpu(), "PyTorch")) {
      model.setBlock(block);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, train.width()));
        return loop(trainer, loss, linears, train, val, p, progress);
      }
    }
  }

  private static Fit loop(
      Trainer trainer,
      WeightedCrossEntropyLoss loss,
      List<Linear> linears,
      Matrix train,
      Matrix val,
      TrainParams p,
      Progress progress) {
    Random random = new Random(p.seed());
    List<EpochStats> history = new ArrayList<>();
    List<float[][]> best = snapshot(linears);
    int bestEpoch = 0;
    double bestF1 = -1;
    try (Progress.Task task = progress.start("train " + p.headType(), p.epochs())) {
      for (int epoch = 1; epoch <= p.epochs(); epoch++) {
        double trainLoss = epoch(trainer, loss, train, p.batchSize(), random);
        float[][] logits = logits(trainer, val);
        double valLoss = Matrix.weightedLoss(logits, val);
        double f1 = val.score(logits, new float[K]);
        history.add(new EpochStats(epoch, trainLoss, valLoss, f1));
        task.step(1);
        task.status(String.format(Locale.ROOT, "loss %.4f val-F1 %.4f", trainLoss, f1));
        if (f1 > bestF1) {
          bestF1 = f1;
          bestEpoch = epoch;
          best = snapshot(linears);
        } else if (epoch - bestEpoch >= p.patience()) {
          break;
        }
      }
    }
    return new Fit(p, best, history, bestEpoch);
  }

  private static double epoch(
      Trainer trainer, WeightedCrossEntropyLoss loss, Matrix train, int batchSize, Random random) {
    int[] order = Matrix.permutation(train.size(), random);
    double lossSum = 0;
    double weightSum = 0;
    for (int start = 0; start < order.length; start += batchSize) {
      int[] idx =
          java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
      // a sub-manager per batch frees the batch's native tensors when it closes
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDList labels =
            new NDList(sub.create(train.labelsOf(idx)), sub.create(train.weightsOf(idx)));
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDList out = trainer.forward(new NDList(train.rowsOf(sub, idx)));
          NDArray l = loss.evaluate(labels, out);
          gc.backward(l);
          double w = labels.get(1).sum().getFloat();
          lossSum += l.getFloat() * w;
          weightSum += w;
        }
        trainer.step();
      }
    }
    return lossSum / weightSum;
  }

  /** Logits of every row of {@code m} with dropout off. */
  static float[][] logits(Trainer trainer, Matrix m) {
    try (NDManager sub = trainer.getManager().newSubManager()) {
      int[] all = java.util.stream.IntStream.range(0, m.size()).toArray();
      float[] flat =
          trainer.evaluate(new NDList(m.rowsOf(sub, all))).singletonOrThrow().toFloatArray();
      float[][] out = new float[m.size()][K];
      for (int i = 0; i < m.size(); i++) {
        System.arraycopy(flat, i * K, out[i], 0, K);
      }
      return out;
    }
  }

  private static List<float[][]> snapshot(List<Linear> linears) {
    List<float[][]> out = new ArrayList<>();
    for (Linear l : linears) {
      NDArray w = l.getParameters().get("weight").getArray();
      NDArray b = l.getParameters().get("bias").getArray();
      int rows = (int) w.getShape().get(0);
      int cols = (int) w.getShape().get(1);
      float[] flat = w.toFloatArray();
      float[][] wm = new float[rows][cols];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(flat, r * cols, wm[r], 0, cols);
      }
      out.add(wm);
      out.add(new float[][] {b.toFloatArray()});
    }
    return out;
  }
}
