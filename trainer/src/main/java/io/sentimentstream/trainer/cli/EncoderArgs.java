package io.sentimentstream.trainer.cli;

import io.sentimentstream.classifier.Device;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line options shared by the commands that embed texts. */
public final class EncoderArgs {
  @Option(
      names = "--encoder",
      defaultValue = EncoderOptions.DEFAULT_MODEL,
      description =
          "Encoder name (e5-small-v2, all-minilm-l6-v2, bge-small-en-v1.5) or a Hugging"
              + " Face BERT checkpoint directory (default: ${DEFAULT-VALUE}).")
  String encoder;

  @Option(
      names = "--max-length",
      defaultValue = "" + EncoderOptions.DEFAULT_MAX_LENGTH,
      description = "Tokens per text, longer texts are cut (default: ${DEFAULT-VALUE}).")
  int maxLength;

  @Mixin MatmulPrecisionArg matmulPrecision = new MatmulPrecisionArg();

  @Option(
      names = "--device",
      defaultValue = "AUTO",
      description =
          "AUTO (a GPU where there is one), CPU or GPU; embedding and fine-tuning run there"
              + " (default: ${DEFAULT-VALUE}).")
  Device device = Device.AUTO;

  @Option(
      names = "--cache-dir",
      description =
          "Embedding cache directory (default: " + "~/.cache/sentiment-stream/embeddings).")
  Path cacheDir;

  /** Opens the encoder these options name. */
  public Encoder open() {
    return Encoders.open(
        EncoderOptions.defaults()
            .withModel(encoder)
            .withMaxLength(maxLength)
            .withDevice(device)
            .withMatmulPrecision(matmulPrecision.get()));
  }

  /** Opens the embedding cache for {@code enc}. */
  public EmbeddingCache cache(Encoder enc) throws IOException {
    return EmbeddingCache.open(cacheDir != null ? cacheDir : defaultCacheDir(), enc);
  }

  /** The default cache directory, under the user's home. */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("user.home"), ".cache", "sentiment-stream", "embeddings");
  }
}
