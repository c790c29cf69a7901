package io.sentimentstream.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.modelupdates.signing.Ed25519Keys;
import io.sentimentstream.trainer.service.internals.LabelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerConfigTest {
  private static final String KEY = Ed25519Keys.toPem(Ed25519Keys.generate().getPrivate());

  @Test
  void environmentOverridesFileOverridesDefaults() {
    TrainerConfig c =
        TrainerConfig.fromLayers(
            Map.of(
                "retrain.every.labels", "50", "gate.tolerance", "0.02", "model.signing.key", KEY),
            Map.of(
                "SENTIMENT_RETRAIN_EVERY_LABELS",
                "70",
                "KAFKA_MAX_POLL_RECORDS",
                "10",
                "HOME",
                "/root"));
    assertThat(c.getInt(TrainerConfig.RETRAIN_EVERY_LABELS)).isEqualTo(70);
    assertThat(c.getDouble(TrainerConfig.GATE_TOLERANCE)).isEqualTo(0.02);
    assertThat(c.getString(TrainerConfig.TOPIC_LABELED)).isEqualTo("tweets-labeled");
    assertThat(c.consumerProperties())
        .containsEntry("max.poll.records", "10")
        .containsEntry("group.id", "sentiment-trainer")
        .containsEntry("enable.auto.commit", false)
        .doesNotContainKey("retrain.every.labels")
        .doesNotContainKey("model.signing.key");
  }

  @Test
  void badValueNamesTheKey() {
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of("retrain.every.labels", "many", "model.signing.key", KEY), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retrain.every.labels");
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of("train.head", "cnn", "model.signing.key", KEY), Map.of()))
        .hasMessageContaining("train.head");
  }

  @Test
  void signingKeyIsRequiredAndNeverPrinted() {
    assertThatThrownBy(() -> TrainerConfig.fromLayers(Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.signing.key");
    TrainerConfig c = TrainerConfig.fromLayers(Map.of("model.signing.key", KEY), Map.of());
    assertThat(String.valueOf(c.values().get(TrainerConfig.SIGNING_KEY))).isEqualTo("[hidden]");
  }

  @Test
  void signingKeyFromFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("key.pem");
    Files.writeString(f, KEY);
    TrainerConfig c =
        TrainerConfig.fromLayers(
            Map.of(), Map.of("SENTIMENT_MODEL_SIGNING_KEY_FILE", f.toString()));
    assertThat(c.signingKeyText()).isEqualTo(KEY);
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of(),
                    Map.of("SENTIMENT_MODEL_SIGNING_KEY_FILE", dir.resolve("nope").toString())))
        .hasMessageContaining("model.signing.key.file");
  }

  @Test
  void publicKeyComesFromItsFileWhenNotInlineAndABadFileNamesTheKey(@TempDir Path dir)
      throws Exception {
    var pair = Ed25519Keys.generate();
    Path file = dir.resolve("model-public.pem");
    Files.writeString(file, Ed25519Keys.toPem(pair.getPublic()));
    TrainerConfig c =
        TrainerConfig.fromLayers(
            Map.of("model.signing.key", KEY),
            Map.of("SENTIMENT_MODEL_PUBLIC_KEY_FILE", file.toString()));
    assertThat(c.publicKey()).isEqualTo(pair.getPublic());
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of(
                        "model.signing.key",
                        KEY,
                        "model.public.key.file",
                        dir.resolve("none.pem").toString()),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.public.key.file");
  }

  @Test
  void labelStoreBoundsAreReadAndInconsistentOnesNameTheirKey() {
    TrainerConfig c =
        TrainerConfig.fromLayers(
            Map.of("model.signing.key", KEY),
            Map.of(
                "SENTIMENT_LABEL_TEXT_MAX_BYTES", "1000",
                "SENTIMENT_LABEL_STORE_MAX_TEXTS", "500",
                "SENTIMENT_LABEL_STORE_MAX_BYTES", "200000"));
    assertThat(c.labelStoreLimits()).isEqualTo(new LabelStore.Limits(1000, 500, 200000));
    assertThat(
            TrainerConfig.fromLayers(Map.of("model.signing.key", KEY), Map.of()).labelStoreLimits())
        .isEqualTo(LabelStore.Limits.DEFAULT);
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of("model.signing.key", KEY, "label.text.max.bytes", "0"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("label.text.max.bytes");
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of("model.signing.key", KEY, "label.store.max.bytes", "100"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("label.store.max.bytes")
        .hasMessageContaining("label.text.max.bytes=4096");
    assertThatThrownBy(
            () ->
                TrainerConfig.fromLayers(
                    Map.of("model.signing.key", KEY, "label.store.max.texts", "50"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("label.store.max.texts")
        .hasMessageContaining("retrain.min.labels=100");
  }
}
