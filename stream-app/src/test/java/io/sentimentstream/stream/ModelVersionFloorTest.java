package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.SentimentClassifier;
import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.stream.internals.ModelUpdates;
import io.sentimentstream.stream.testing.ItSupport;
import io.sentimentstream.stream.testing.StubEncoder;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model version floor across a restart of the app, through the listener's apply path as the app
 * wires it ({@link ModelUpdates#check}): each "restart" is a new scorer on the built-in head
 * (version 1), a new check and a new listener on the same state directory.
 */
class ModelVersionFloorTest {
  private static final EncoderId ENCODER = StubEncoder.ID;
  private final KeyPair keys = Ed25519Keys.generate();
  @TempDir Path state;

  private StreamConfig config(long minVersion) {
    Map<String, Object> m = new HashMap<>();
    m.put(StreamConfig.APPLICATION_ID, "floor-app");
    m.put("state.dir", state.toString());
    m.put(StreamConfig.MODEL_PUBLIC_KEY, Ed25519Keys.toBase64(keys.getPublic()));
    if (minVersion > 0) {
      m.put("model.min.version", String.valueOf(minVersion));
    }
    return new StreamConfig(m);
  }

  /** One run of the app: the built-in head (version 1) and a listener wired from the config. */
  private final class Run {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final StreamMetrics metrics = new StreamMetrics(registry);
    final ClassifierScorer scorer =
        new ClassifierScorer(
            new SentimentClassifier(new StubEncoder(), ItSupport.head(ENCODER, 1, 1)), metrics);
    final ModelUpdateListener listener;

    Run(StreamConfig cfg) {
      listener =
          new ModelUpdateListener(
              "127.0.0.1:1", Map.of(), "models", null, ModelUpdates.check(cfg), scorer, metrics);
    }

    double rejected(String reason) {
      var c = registry.find("sentiment.model.updates.rejected").tag("reason", reason).counter();
      return c == null ? 0 : c.count();
    }
  }

  private ModelUpdate signed(long version, long seed) {
    return ItSupport.update(ItSupport.head(ENCODER, version, seed), keys.getPrivate());
  }

  @Test
  void anOlderSignedUpdateReplayedAfterARestartIsRefusedAsStale() {
    StreamConfig cfg = config(0);
    ModelUpdate v2 = signed(2, 2);
    Run first = new Run(cfg);
    assertThat(first.listener.apply(v2)).isTrue();
    assertThat(first.listener.apply(signed(3, 3))).isTrue();
    assertThat(first.scorer.head().version()).isEqualTo(3);

    Run restarted = new Run(cfg);
    assertThat(restarted.listener.apply(v2))
        .as("the old signed v2, replayed after a restart that applied v3 before it")
        .isFalse();
    assertThat(restarted.scorer.head().version()).isEqualTo(1);
    assertThat(restarted.rejected("stale")).isEqualTo(1);
  }

  @Test
  void aVersionNumberIssuedAgainWithAnotherHeadIsRefusedAfterARestart() {
    StreamConfig cfg = config(0);
    assertThat(new Run(cfg).listener.apply(signed(3, 3))).isTrue();

    Run restarted = new Run(cfg);
    assertThat(restarted.listener.apply(signed(3, 99)))
        .as("a trainer that lost its counter issues version 3 again, on other weights")
        .isFalse();
    assertThat(restarted.rejected("stale")).isEqualTo(1);
    assertThat(restarted.listener.apply(signed(3, 3)))
        .as("the very update applied before, read again from the topic")
        .isTrue();
    assertThat(restarted.scorer.head().version()).isEqualTo(3);
  }

  @Test
  void theConfiguredMinimumVersionRefusesAnythingBelowIt() {
    Run run = new Run(config(5));
    assertThat(run.listener.apply(signed(4, 4))).isFalse();
    assertThat(run.rejected("stale")).isEqualTo(1);
    assertThat(run.listener.apply(signed(5, 5))).isTrue();
    assertThat(run.scorer.head().version()).isEqualTo(5);
  }
}
