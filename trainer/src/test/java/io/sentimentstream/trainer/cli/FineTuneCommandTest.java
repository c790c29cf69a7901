package io.sentimentstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.ModelBundle;
import io.sentimentstream.classifier.Prediction;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.modelupdates.ModelTopic;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.trainer.Progress;
import io.sentimentstream.trainer.TestData;
import io.sentimentstream.trainer.TrainResult;
import io.sentimentstream.trainer.TrainerCli;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train --fine-tune} end to end on a few hundred real GOP tweets with the real (fast)
 * encoder on DJL: adapters and head learn by backpropagation (the loss falls), the bundle carries
 * adapters that fit the encoder the head names, and they round-trip through sign, verify and merge.
 */
class FineTuneCommandTest {
  @TempDir static Path dir;

  @Test
  void fewStepsLowerTheLossAndTheBundleCarriesAdapters() throws Exception {
    Path out = dir.resolve("bundle");
    String[] args = {
      "train",
      "--data",
      TestData.gopCsv().toString(),
      "--max-rows",
      "400",
      "--out",
      out.toString(),
      "--encoder",
      TestData.FAST_ENCODER,
      "--cache-dir",
      dir.resolve("cache").toString(),
      "--epochs",
      "20",
      "--lr",
      "0.003",
      "--seed",
      "5",
      "--val-fraction",
      "0.15",
      "--test-fraction",
      "0.15",
      "--fine-tune",
      "--adapt-layers",
      "2",
      "--fine-tune-epochs",
      "4",
      "--adapter-lr",
      "0.005",
      "--fine-tune-head-lr",
      "0.002",
      "--fine-tune-patience",
      "4",
      "--fine-tune-batch-size",
      "16"
    };
    CommandLine.ParseResult parsed = new CommandLine(new TrainerCli()).parseArgs(args);
    TrainCommand train = (TrainCommand) parsed.subcommand().commandSpec().userObject();
    TrainResult r = train.run(Progress.NONE);

    assertThat(r.history()).hasSize(4);
    double first = r.history().get(0).trainLoss();
    double last = r.history().get(3).trainLoss();
    assertThat(last).as("training loss of the last epoch vs the first").isLessThan(first * 0.9);

    Adapters a = ModelBundle.readAdapters(out).orElseThrow();
    Head head = ModelBundle.readHead(out);
    assertThat(a.encoder()).isEqualTo(head.encoder());
    assertThat(a.rank()).isEqualTo(8);
    // all-minilm-l6-v2 has 6 layers: adapters on layers 4 and 5, four targets each
    assertThat(a.targets().keySet())
        .hasSize(8)
        .contains("encoder.layer.4.attention.self.query", "encoder.layer.5.output.dense");
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.at("/compared_with").asText()).contains("frozen-encoder head");
    assertThat(metrics.at("/adapter_parameters").asLong()).isEqualTo(a.parameterCount());

    // sign -> verify -> merge, as the trainer service and the stream app do
    KeyPair keys = Ed25519Keys.generate();
    ModelUpdate signed =
        new ModelUpdateSigner(keys.getPrivate()).sign(ModelTopic.unsigned(head, a, Map.of()));
    try (Encoder encoder =
        Encoders.open(
            EncoderOptions.defaults()
                .withModel(TestData.FAST_ENCODER)
                .withPooling(head.pooling()))) {
      ModelUpdateCheck.Verified v =
          new ModelUpdateCheck(new ModelUpdateVerifier(keys.getPublic()))
              .verify(signed, encoder, 0);
      assertThat(v.head().w1()).isDeepEqualTo(head.w1());
      for (String target : a.targets().keySet()) {
        assertThat(Arrays.equals(v.adapters().delta(target), a.delta(target))).as(target).isTrue();
      }
      SentimentClassifier classifier = new SentimentClassifier(encoder, v.head());
      float[] before = classifier.classify(List.of("what a great debate")).get(0).probabilities();
      classifier.replaceModel(v.head(), v.adapters());
      assertThat(encoder.adapters()).isSameAs(v.adapters());
      List<Prediction> p = classifier.classify(List.of("what a great debate"));
      assertThat(p.get(0).modelVersion()).isEqualTo(head.version());
      assertThat(p.get(0).probabilities())
          .as("the merged adapters change the output")
          .isNotEqualTo(before);
    }
  }
}
