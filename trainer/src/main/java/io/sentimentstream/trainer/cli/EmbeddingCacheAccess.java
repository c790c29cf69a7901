package io.sentimentstream.trainer.cli;

import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.data.LabeledData;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.internals.EmbeddingCache;
import java.io.IOException;
import java.nio.file.Path;

/** Embeds labelled data through the on-disk cache. */
final class EmbeddingCacheAccess {
  private EmbeddingCacheAccess() {}

  static float[][] embed(Path cacheDir, Encoder encoder, LabeledData data, Progress progress)
      throws IOException {
    EmbeddingCache cache =
        EmbeddingCache.open(cacheDir != null ? cacheDir : EncoderArgs.defaultCacheDir(), encoder);
    return cache
        .embed(data.examples().stream().map(LabeledExample::cleanText).toList(), encoder, progress)
        .vectors();
  }
}
