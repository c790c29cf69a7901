package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.modelupdates.ModelPublisher;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.trainer.TestData;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.service.RetrainOutcome;
import io.sentimentstream.trainer.service.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrainer's two schedules with the real (fast) encoder on GOP tweets: every {@code
 * train.adapters.every}-th retraining fine-tunes adapters from the base weights, the others retrain
 * the head on the serving adapters and publish them again. Only the publisher is a fake (it records
 * what it is given); the gate's tolerance is wide open so every candidate that beats the majority
 * baseline is published.
 */
@Tag("integration")
class RetrainerAdaptersIT {
  private static Encoder encoder;
  @TempDir Path state;

  private record Published(Head head, Adapters adapters) {}

  private static final class Recording implements ModelPublisher {
    final List<Published> published = new ArrayList<>();

    @Override
    public RecordMetadata publish(Head head, Map<String, Double> m, ModelUpdateSigner signer) {
      return publish(head, null, m, signer);
    }

    @Override
    public RecordMetadata publish(
        Head head, Adapters adapters, Map<String, Double> m, ModelUpdateSigner signer) {
      published.add(new Published(head, adapters));
      return new RecordMetadata(new TopicPartition("models", 0), published.size() - 1, 0, 0, 0, 0);
    }
  }

  @BeforeAll
  static void openEncoder() {
    encoder = Encoders.open(EncoderOptions.defaults().withModel(TestData.FAST_ENCODER));
  }

  @AfterAll
  static void closeEncoder() {
    encoder.close();
  }

  @Test
  void everySecondRetrainingFineTunesAndTheOthersCarryTheServingAdapters() throws Exception {
    TrainerConfig config =
        new TrainerConfig(
            Map.of(
                "model.signing.key",
                Ed25519Keys.toPem(Ed25519Keys.generate().getPrivate()),
                "state.dir",
                state.toString(),
                "model.encoder",
                TestData.FAST_ENCODER,
                "train.max.epochs",
                "20",
                "train.adapters.every",
                "2",
                "gate.tolerance",
                "1"));
    Recording publisher = new Recording();
    Retrainer retrainer =
        new Retrainer(
            config,
            encoder,
            publisher,
            new ModelUpdateSigner(Ed25519Keys.generate().getPrivate()),
            new TrainerMetrics(new SimpleMeterRegistry(), () -> 0),
            null,
            null,
            1);
    List<LabeledExample> examples = RetrainerVersionsIT.gop(300);

    RetrainOutcome first = retrainer.retrain(examples);
    RetrainOutcome second = retrainer.retrain(examples);
    RetrainOutcome third = retrainer.retrain(examples);

    assertThat(List.of(first, second, third)).allMatch(RetrainOutcome::published);
    assertThat(publisher.published).hasSize(3);
    assertThat(publisher.published.get(0).adapters()).as("head only on the base weights").isNull();
    Adapters tuned = publisher.published.get(1).adapters();
    assertThat(tuned).as("the second retraining fine-tunes").isNotNull();
    assertThat(tuned.encoder()).isEqualTo(encoder.id());
    assertThat(publisher.published.get(2).adapters())
        .as("a head retrained on the serving adapters carries them again")
        .isSameAs(tuned);
    assertThat(encoder.adapters()).isSameAs(tuned);
    assertThat(second.servingMacroF1()).as("scored against v1 on the held-out slice").isNotNaN();
  }
}
