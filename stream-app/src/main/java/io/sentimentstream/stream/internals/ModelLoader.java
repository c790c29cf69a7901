package io.sentimentstream.stream.internals;

import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.stream.StreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the configured model: a bundle's head (or the built-in default) on its encoder. */
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
            false);
    log.info(
        "Loading model: head version {} ({}) from {} on encoder {}",
        head.version(),
        head.type(),
        dir.isBlank() ? "the built-in default" : dir,
        model);
    Encoder encoder = Encoders.open(options);
    try {
      return new SentimentClassifier(encoder, head);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /**
   * Times a full batch of distinct maximum-length texts and one such text alone (after a warm-up
   * batch, which also loads the natives before the first real record). Returns {batchMs, singleMs}.
   */
  public static long[] measure(SentimentClassifier classifier, int batchSize) {
    int words = classifier.encoder().maxLength() + 8; // enough words to hit the max length
    List<String> texts = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      StringBuilder sb = new StringBuilder("warm up ").append(i);
      for (int w = 0; w < words; w++) {
        sb.append(" word");
      }
      texts.add(sb.toString());
    }
    classifier.classify(texts);
    long t0 = System.nanoTime();
    classifier.classify(texts);
    long batchMs = (System.nanoTime() - t0) / 1_000_000;
    classifier.classify(List.of(texts.get(1 % batchSize))); // warm the single-text shape too
    t0 = System.nanoTime();
    classifier.classify(List.of(texts.get(0)));
    long singleMs = (System.nanoTime() - t0) / 1_000_000;
    return new long[] {batchMs, Math.max(1, singleMs)};
  }
}
