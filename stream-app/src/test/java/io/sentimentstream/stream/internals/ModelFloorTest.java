package io.sentimentstream.stream.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.modelupdates.ModelFloor;
import io.sentimentstream.modelupdates.ModelUpdateCheck;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;
import io.sentimentstream.stream.ClassifierScorer;
import io.sentimentstream.stream.StreamMetrics;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.StubEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFloorTest {
  private final KeyPair keys = Ed25519Keys.generate();
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("app").resolve(ModelFloor.FILE_NAME);
  }

  private ModelUpdate signed(EncoderId enc, long version) {
    return ItSupport.update(ItSupport.head(enc, version, version), keys.getPrivate());
  }

  @Test
  void theFloorIsTheHigherOfTheKeptAndTheConfiguredVersionAndNamesWhereItCameFrom() {
    ModelFloor.open(file(), 0, "model.min.version").applied(signed(StubEncoder.ID, 3));
    assertThat(dir.resolve("app")).isDirectoryNotContaining("glob:**.tmp");

    ModelFloor kept = ModelFloor.open(file(), 2, "model.min.version");
    assertThat(kept.minimum(StubEncoder.ID)).isEqualTo(3);
    assertThat(kept.source(StubEncoder.ID)).contains("highest version applied", file().toString());
    assertThat(kept.refusal(signed(StubEncoder.ID, 2), StubEncoder.ID))
        .isEqualTo(
            "version 2 is below the version floor 3 (the highest version applied, kept in "
                + file()
                + ")");

    ModelFloor configured = ModelFloor.open(file(), 7, "model.min.version");
    assertThat(configured.minimum(StubEncoder.ID)).isEqualTo(7);
    assertThat(configured.refusal(signed(StubEncoder.ID, 6), StubEncoder.ID))
        .contains("below the version floor 7 (model.min.version=7)");
    assertThat(configured.refusal(signed(StubEncoder.ID, 7), StubEncoder.ID)).isNull();
  }

  @Test
  void theSameVersionWithOtherAdaptersIsAVersionIssuedTwiceAndAHeadOnlyDigestIsUnchanged()
      throws Exception {
    String q = "encoder.layer.11.attention.self.query";
    ModelUpdate first =
        ItSupport.update(
            ItSupport.head(StubEncoder.ID, 3, 3),
            ItSupport.adapters(StubEncoder.ID, 4, 384, 1, java.util.List.of(q)),
            keys.getPrivate());
    ModelUpdate again = ModelUpdate.fromByteBuffer(first.toByteBuffer());
    ModelUpdate otherAdapters =
        ItSupport.update(
            ItSupport.head(StubEncoder.ID, 3, 3),
            ItSupport.adapters(StubEncoder.ID, 4, 384, 2, java.util.List.of(q)),
            keys.getPrivate());
    ModelFloor.open(file(), 0, "model.min.version").applied(first);

    ModelFloor kept = ModelFloor.open(file(), 0, "model.min.version");
    assertThat(kept.refusal(again, StubEncoder.ID)).isNull();
    assertThat(kept.refusal(otherAdapters, StubEncoder.ID))
        .contains("version 3 was applied before with another head or other adapters");
    assertThat(kept.refusal(signed(StubEncoder.ID, 3), StubEncoder.ID))
        .as("the same head without the adapters is another model")
        .contains("applied before");

    // a floor file written before adapters existed holds the head's SHA-256 alone
    ModelFloor.open(file(), 0, "model.min.version").applied(signed(StubEncoder.ID, 4));
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    md.update(signed(StubEncoder.ID, 4).getHeadWeights());
    assertThat(ModelFloor.open(file(), 0, "model.min.version").kept().headSha256())
        .isEqualTo(java.util.HexFormat.of().formatHex(md.digest()));
  }

  @Test
  void aFloorKeptForAnotherEncoderDoesNotBind() {
    EncoderId other = new EncoderId("other-encoder", "beef");
    ModelFloor.open(file(), 0, "model.min.version").applied(signed(other, 9));
    ModelFloor floor = ModelFloor.open(file(), 0, "model.min.version");
    assertThat(floor.minimum(other)).isEqualTo(9);
    assertThat(floor.minimum(StubEncoder.ID)).isZero();
  }

  @Test
  void anUnreadableFloorFileStopsStartUpNamingIt() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "version=three\n");
    assertThatThrownBy(() -> ModelFloor.open(file(), 0, "model.min.version"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("fix or delete it");
  }

  @Test
  void theKeptUpdateIsServedAgainAtStartUpWhenTheLoadedHeadIsOlder() {
    ModelFloor.open(file(), 0, "model.min.version").applied(signed(StubEncoder.ID, 4));
    StreamMetrics metrics =
        new StreamMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    ClassifierScorer scorer =
        new ClassifierScorer(
            new SentimentClassifier(new StubEncoder(), ItSupport.head(StubEncoder.ID, 1, 1)),
            metrics);
    ModelUpdateCheck check =
        new ModelUpdateCheck(
            new ModelUpdateVerifier(keys.getPublic()),
            ModelFloor.open(file(), 0, "model.min.version"));
    assertThat(ModelUpdates.restore(check, scorer)).isEqualTo(4);
    assertThat(scorer.head().version()).isEqualTo(4);

    ClassifierScorer otherKey =
        new ClassifierScorer(
            new SentimentClassifier(new StubEncoder(), ItSupport.head(StubEncoder.ID, 1, 1)),
            metrics);
    ModelUpdateCheck rotated =
        new ModelUpdateCheck(
            new ModelUpdateVerifier(Ed25519Keys.generate().getPublic()),
            ModelFloor.open(file(), 0, "model.min.version"));
    assertThat(ModelUpdates.restore(rotated, otherKey))
        .as("a kept update no longer signed by the configured key is not served")
        .isEqualTo(1);
    assertThat(rotated.floor().minimum(StubEncoder.ID))
        .as("but its version still binds")
        .isEqualTo(4);
  }
}
