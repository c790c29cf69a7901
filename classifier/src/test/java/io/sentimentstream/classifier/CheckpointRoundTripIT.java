package io.sentimentstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.classifier.internals.BertWeights;
import io.sentimentstream.classifier.internals.EncoderSource;
import io.sentimentstream.classifier.internals.HfCheckpoint;
import io.sentimentstream.classifier.internals.Safetensors;
import io.sentimentstream.classifier.internals.ShippedEncoder;
import io.sentimentstream.classifier.internals.Tensor;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The default encoder written as a Hugging Face checkpoint directory and read back. */
@Tag("integration")
class CheckpointRoundTripIT {
  private static final Path OUT = Path.of("target", "checkpoints");
  private static EncoderSource e5;
  private static List<String> tweets;

  @BeforeAll
  static void load() throws Exception {
    e5 = ShippedEncoder.E5_SMALL_V2.load();
    tweets = GopTweets.distinctCleaned(32);
  }

  @Test
  void writtenCheckpointGivesTheSameOutputsAndIdentity() throws Exception {
    Path dir = OUT.resolve("e5-small-v2");
    HfCheckpoint.write(dir, e5);
    try (Encoder shipped = Encoders.open(EncoderOptions.defaults());
        Encoder reread = Encoders.open(EncoderOptions.defaults().withModel(dir.toString()))) {
      assertThat(reread.id()).isEqualTo(shipped.id());
      assertThat(reread.pooling()).isEqualTo(Pooling.MEAN);
      assertThat(reread.embed(tweets).vectors()).isDeepEqualTo(shipped.embed(tweets).vectors());
    }
  }

  @Test
  void readsOldStyleBertNamesAndThePooler() throws Exception {
    Path dir = OUT.resolve("bert-style");
    HfCheckpoint.write(dir, e5);
    Map<String, Tensor> renamed = new LinkedHashMap<>();
    e5.weights()
        .tensors()
        .forEach(
            (k, v) ->
                renamed.put(
                    "bert."
                        + k.replace("LayerNorm.weight", "LayerNorm.gamma")
                            .replace("LayerNorm.bias", "LayerNorm.beta"),
                    v));
    Random r = new Random(3);
    float[] w = new float[384 * 384];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian() * 0.05f;
    }
    renamed.put("bert.pooler.dense.weight", new Tensor(new long[] {384, 384}, w));
    renamed.put("bert.pooler.dense.bias", new Tensor(new long[] {384}, new float[384]));
    renamed.put("cls.predictions.bias", new Tensor(new long[] {30522}, new float[30522]));
    Safetensors.write(dir.resolve(HfCheckpoint.WEIGHTS), renamed, Map.of());
    try (Encoder shipped = Encoders.open(EncoderOptions.defaults());
        Encoder mean = Encoders.open(EncoderOptions.defaults().withModel(dir.toString()));
        Encoder pooled =
            Encoders.open(
                EncoderOptions.defaults().withModel(dir.toString()).withPooling(Pooling.POOLER))) {
      assertThat(mean.embed(tweets).vectors()).isDeepEqualTo(shipped.embed(tweets).vectors());
      for (float x : pooled.embed(tweets).vectors()[0]) {
        assertThat(x).isBetween(-1f, 1f); // tanh output
      }
    }
  }

  @Test
  void poolerPoolingWithoutPoolerWeightsFailsNamingIt() {
    assertThatThrownBy(() -> Encoders.open(EncoderOptions.defaults().withPooling(Pooling.POOLER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POOLER needs pooler weights, which e5-small-v2 lacks");
  }

  @Test
  void pytorchBinOnlyCheckpointFailsNamingTheMissingSafetensors() throws Exception {
    Path dir = Files.createDirectories(OUT.resolve("bin-only"));
    Files.writeString(dir.resolve("config.json"), "{}");
    Files.write(dir.resolve("pytorch_model.bin"), new byte[] {1});
    assertThatThrownBy(() -> Encoders.open(EncoderOptions.defaults().withModel(dir.toString())))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("has no model.safetensors")
        .hasMessageContaining("pytorch_model.bin is not supported");
  }

  @Test
  void unknownModelNameFailsListingTheShippedOnes() {
    assertThatThrownBy(() -> Encoders.open(EncoderOptions.defaults().withModel("bert-huge")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bert-huge' is neither a shipped encoder")
        .hasMessageContaining("all-minilm-l6-v2");
  }

  @Test
  void fp16OnCpuIsRejected() {
    assertThatThrownBy(
            () -> Encoders.open(EncoderOptions.defaults().withDevice(Device.CPU).withFp16(true)))
        .hasMessageContaining("'fp16' needs a GPU");
  }

  @Test
  void fingerprintIsStableAcrossLoads() throws Exception {
    BertWeights again = ShippedEncoder.E5_SMALL_V2.load().weights();
    assertThat(again.fingerprint()).isEqualTo(e5.weights().fingerprint());
  }
}
