package io.sentimentstream.trainer.service.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderOptions;
import io.sentimentstream.classifier.Encoders;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.Label;
import io.sentimentstream.classifier.TextCleaner;
import io.sentimentstream.modelupdates.ModelPublisher;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateSigner;
import io.sentimentstream.trainer.TestData;
import io.sentimentstream.trainer.data.LabeledExample;
import io.sentimentstream.trainer.service.RetrainOutcome;
import io.sentimentstream.trainer.service.TrainerConfig;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version numbering of the retrainer with the real encoder and training on GOP tweets; only the
 * publisher is a fake, because a write whose acknowledgement is lost cannot be ordered from a real
 * broker on demand.
 */
@Tag("integration")
class RetrainerVersionsIT {
  private static Encoder encoder;
  @TempDir Path state;

  /** Records every head it is given; the first {@code lost} attempts are written, then fail. */
  private static final class LossyPublisher implements ModelPublisher {
    final Map<Long, Head> written = new LinkedHashMap<>();
    final List<Long> attempts = new ArrayList<>();
    int lost;

    LossyPublisher(int lost) {
      this.lost = lost;
    }

    @Override
    public RecordMetadata publish(Head head, Map<String, Double> m, ModelUpdateSigner signer)
        throws ExecutionException {
      attempts.add(head.version());
      Head before = written.putIfAbsent(head.version(), head);
      assertThat(before).as("a second head under v%d", head.version()).isNull();
      if (lost-- > 0) {
        throw new ExecutionException(
            new TimeoutException("Expiring 1 record(s): delivery timeout"));
      }
      return new RecordMetadata(new TopicPartition("models", 0), written.size() - 1, 0, 0, 0, 0);
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

  private Retrainer retrainer(ModelPublisher publisher, long next) {
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
                "20"));
    TrainerMetrics metrics = new TrainerMetrics(new SimpleMeterRegistry(), () -> 0);
    ModelUpdateSigner signer = new ModelUpdateSigner(Ed25519Keys.generate().getPrivate());
    return new Retrainer(config, encoder, publisher, signer, metrics, null, null, next);
  }

  @Test
  void aPublishThatFailsAfterTheWriteBurnsItsVersionSoTwoHeadsNeverShareOne() throws Exception {
    LossyPublisher publisher = new LossyPublisher(1);
    Retrainer retrainer = retrainer(publisher, 12);
    List<LabeledExample> examples = gop(300);

    RetrainOutcome first = retrainer.retrain(examples);
    RetrainOutcome second = retrainer.retrain(examples);

    assertThat(first.published()).isFalse();
    assertThat(first.failed()).as(first.reason()).isTrue();
    assertThat(second.published()).as(second.reason()).isTrue();
    assertThat(publisher.attempts).containsExactly(12L, 13L);
    assertThat(second.version()).isEqualTo(13);
  }

  /** The first {@code n} distinct cleaned GOP texts with their labels. */
  static List<LabeledExample> gop(int n) throws Exception {
    Map<String, LabeledExample> byText = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(TestData.gopCsv(), StandardCharsets.UTF_8);
        CSVParser csv =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      for (CSVRecord rec : csv) {
        String clean = TextCleaner.clean(rec.get("text"));
        if (!clean.isEmpty()) {
          byText.putIfAbsent(
              clean, new LabeledExample(clean, Label.parse(rec.get("sentiment")), 1.0));
        }
        if (byText.size() == n) {
          break;
        }
      }
    }
    return new ArrayList<>(byText.values());
  }
}
