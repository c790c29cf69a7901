package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.MatmulPrecision;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.stream.StreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the configured model: a bundle's head (or the built-in default) on its encoder, with the
 * bundle's adapters ({@value ModelBundle#ADAPTERS_FILE}) merged if it has any.
 */
public final class ModelLoader {
  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  private ModelLoader() {}

  /**
   * Loads the head, opens the encoder it was trained on (or {@code model.encoder}) and pairs them.
   */
  public static SentimentClassifier open(StreamConfig cfg) {
    String dir = cfg.getString(StreamConfig.MODEL_BUNDLE_DIR);
    Head head = dir.isBlank() ? ModelBundle.defaultHead() : ModelBundle.readHead(Path.of(dir));
    String model = cfg.getString(StreamConfig.MODEL_ENCODER);
    if (model.isBlank()) {
      model = head.encoder().name();
    }
    EncoderOptions options =
        new EncoderOptions(
            model,
            cfg.getInt(StreamConfig.MODEL_MAX_LENGTH),
            head.pooling(),
            Device.valueOf(cfg.getString(StreamConfig.MODEL_DEVICE)),
            false,
            MatmulPrecision.valueOf(cfg.getString(StreamConfig.MODEL_MATMUL_PRECISION)));
    log.info(
        "Loading model: head version {} ({}) from {} on encoder {}",
        head.version(),
        head.type(),
        dir.isBlank() ? "the built-in default" : dir,
        model);
    Adapters adapters =
        (dir.isBlank() ? ModelBundle.defaultAdapters() : ModelBundle.readAdapters(Path.of(dir)))
            .orElse(null);
    if (adapters != null) {
      log.info(
          "The bundle has adapters: {} matrices of rank {}, merged into a copy of the encoder's"
              + " weights",
          adapters.targets().size(),
          adapters.rank());
    }
    Encoder encoder = Encoders.open(options);
    try {
      SentimentClassifier c = new SentimentClassifier(encoder, head);
      if (adapters != null) {
        c.replaceModel(head, adapters);
      }
      return c;
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /**
   * Warms the model up and times two passes of distinct maximum-length texts, one alone and a full
   * batch (the single text best of two). The warm-up also takes the first-call costs (JIT, native
   * allocations) off the first real batch. The result only seeds the batch budget's cost model,
   * which follows the real passes from then on.
   */
  public static BatchBudget.Calibration calibrate(SentimentClassifier classifier, int batchSize) {
    int words = classifier.encoder().maxLength() + 8; // enough words to hit the max length
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < Math.max(2, batchSize); i++) {
      StringBuilder sb = new StringBuilder("warm up ").append(i);
      for (int w = 0; w < words; w++) {
        sb.append(" word");
      }
      texts.add(sb.toString());
    }
    List<String> one = List.of(texts.get(0));
    classifier.classify(texts);
    classifier.classify(List.of(texts.get(1)));
    double batchMs = timeMs(classifier, texts); // the dearest call: once (the cap adapts anyway)
    double singleMs = Math.min(timeMs(classifier, one), timeMs(classifier, one));
    long batchTokens = classifier.tokenize(texts).totalTokens();
    long singleTokens = classifier.tokenize(one).totalTokens();
    return new BatchBudget.Calibration(singleTokens, singleMs, batchTokens, batchMs);
  }

  private static double timeMs(SentimentClassifier classifier, List<String> texts) {
    long t0 = System.nanoTime();
    classifier.classify(texts);
    return (System.nanoTime() - t0) / 1e6;
  }
}
