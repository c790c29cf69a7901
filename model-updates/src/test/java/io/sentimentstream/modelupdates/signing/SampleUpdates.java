package io.sentimentstream.modelupdates.signing;

import io.sentimentstream.avro.AdapterTarget;
import io.sentimentstream.avro.EncoderIdentity;
import io.sentimentstream.avro.ModelAdapters;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.avro.Sentiment;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A model update with every field filled, shared by the signing tests. */
final class SampleUpdates {
  private SampleUpdates() {}

  /** An unsigned model update whose metrics map has enough keys to expose order effects. */
  static ModelUpdate modelUpdate(long version) {
    Map<String, Double> metrics = new HashMap<>();
    for (String k : List.of("macro_f1", "accuracy", "f1_negative", "f1_neutral", "f1_positive")) {
      metrics.put(k, k.length() / 20.0);
    }
    byte[] weights = new byte[4096];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) (i * 31);
    }
    return ModelUpdate.newBuilder()
        .setVersion(version)
        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setEncoderIdentity(new EncoderIdentity("e5-small-v2", "ab".repeat(32)))
        .setLabels(List.of(Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE))
        .setHeadFormat("safetensors")
        .setHeadWeights(ByteBuffer.wrap(weights))
        .setMetrics(metrics)
        .setSignature(ByteBuffer.allocate(0))
        .build();
  }

  /** The same with an adapters field (opaque bytes: the signature does not read them). */
  static ModelUpdate withAdapters(long version) {
    byte[] weights = new byte[2048];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) (i * 17);
    }
    ModelUpdate u = modelUpdate(version);
    u.setAdapters(
        new ModelAdapters(
            "safetensors",
            ByteBuffer.wrap(weights),
            4,
            List.of(new AdapterTarget("encoder.layer.11.attention.self.query", 384, 384))));
    return u;
  }
}
