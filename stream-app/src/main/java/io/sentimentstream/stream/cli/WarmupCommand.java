package io.sentimentstream.stream.cli;

import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.internals.ModelLoader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code warmup}: opens the configured model (engine natives, tokenizer, encoder, head) and
 * classifies two texts, then exits. An image build runs it once so that the DJL natives are
 * unpacked into {@code DJL_CACHE_DIR} inside the image, and the model is known to load there.
 */
@Command(
    name = "warmup",
    mixinStandardHelpOptions = true,
    description = "Load the model once (unpacks the engine natives) and classify two texts.")
public final class WarmupCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    StreamConfig cfg = StreamConfig.fromLayers(java.util.Map.of(), System.getenv());
    try (SentimentClassifier c = ModelLoader.open(cfg)) {
      List<String> texts = List.of("what a great debate", "worst answer of the night");
      List<Prediction> out = c.classify(texts);
      for (int i = 0; i < texts.size(); i++) {
        System.out.println(out.get(i).label() + "  " + texts.get(i));
      }
      System.out.println(
          "Model ready: head v" + c.head().version() + " on " + c.encoder().id().name());
    }
    return 0;
  }
}
