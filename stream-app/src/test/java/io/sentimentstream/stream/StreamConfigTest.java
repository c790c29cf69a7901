package io.sentimentstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamConfigTest {
  @Test
  void defaultsAreExactlyOnceAndTheIssueTopics() {
    StreamConfig c = StreamConfig.fromLayers(Map.of(), Map.of());
    assertThat(c.exactlyOnce()).isTrue();
    assertThat(c.getString(StreamConfig.TOPIC_TWEETS)).isEqualTo("tweets");
    assertThat(c.getString(StreamConfig.TOPIC_RESULTS)).isEqualTo("tweet-sentiment");
    assertThat(c.getString(StreamConfig.TOPIC_DLQ)).isEqualTo("tweets-dlq");
    assertThat(c.getString(StreamConfig.TOPIC_MODELS)).isEqualTo("sentiment-models");
    assertThat(c.streamsProperties()).containsEntry("processing.guarantee", "exactly_once_v2");
  }

  @Test
  void streamsPollAsOftenAsTheBatchDeadlineIsCheckedUnlessPollMsIsSet() {
    StreamConfig byDefault = StreamConfig.fromLayers(Map.of("batch.max.delay.ms", "100"), Map.of());
    assertThat(byDefault.streamsProperties()).containsEntry("poll.ms", "25");
    StreamConfig set = StreamConfig.fromLayers(Map.of(), Map.of("KAFKA_POLL_MS", "250"));
    assertThat(set.streamsProperties()).containsEntry("poll.ms", "250");
  }

  @Test
  void sideClientsGetTheConnectionKeysAndNothingMeantForStreams() {
    StreamConfig c =
        StreamConfig.fromLayers(
            Map.of(
                "bootstrap.servers", "127.0.0.1:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/trust.p12",
                "group.instance.id", "stream-app-0",
                "max.poll.records", "500"),
            Map.of());
    assertThat(c.connectionProperties())
        .containsOnlyKeys(
            "bootstrap.servers", "security.protocol", "sasl.mechanism", "ssl.truststore.location")
        .containsEntry("bootstrap.servers", "127.0.0.1:9093");
  }

  @Test
  void recordLimitThatCannotFitTheProducersRequestSizeStopsStartUp() {
    assertThatThrownBy(
            () ->
                StreamConfig.fromLayers(
                    Map.of("record.max.bytes", "2000000", "max.request.size", "1048576"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("record.max.bytes")
        .hasMessageContaining("max.request.size=1048576");
    StreamConfig raised =
        StreamConfig.fromLayers(
            Map.of("record.max.bytes", "2000000", "max.request.size", "4194304"), Map.of());
    assertThat(raised.getInt(StreamConfig.RECORD_MAX_BYTES)).isEqualTo(2_000_000);
  }

  @Test
  void opsEndpointsBindLoopbackUnlessConfigured() {
    assertThat(StreamConfig.fromLayers(Map.of(), Map.of()).getString(StreamConfig.OPS_HTTP_HOST))
        .isEqualTo("127.0.0.1");
    assertThat(
            StreamConfig.fromLayers(Map.of(), Map.of("SENTIMENT_OPS_HTTP_HOST", "0.0.0.0"))
                .getString(StreamConfig.OPS_HTTP_HOST))
        .isEqualTo("0.0.0.0");
  }

  @Test
  void environmentOverridesFileOverridesDefaults() {
    StreamConfig c =
        StreamConfig.fromLayers(
            Map.of("batch.max.size", "16", "batch.max.delay.ms", "20", "max.poll.records", "100"),
            Map.of(
                "SENTIMENT_BATCH_MAX_SIZE", "64",
                "KAFKA_MAX_POLL_RECORDS", "500",
                "KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "HOME", "/root"));
    assertThat(c.getInt(StreamConfig.BATCH_MAX_SIZE)).isEqualTo(64);
    assertThat(c.getLong(StreamConfig.BATCH_MAX_DELAY_MS)).isEqualTo(20L);
    assertThat(c.exactlyOnce()).isFalse();
    assertThat(c.streamsProperties())
        .containsEntry("max.poll.records", "500")
        .containsEntry("processing.guarantee", "at_least_once")
        .doesNotContainKey("batch.max.size")
        .doesNotContainKey("home");
  }

  @Test
  void badValueNamesTheKey() {
    assertThatThrownBy(
            () -> StreamConfig.fromLayers(Map.of(), Map.of("SENTIMENT_BATCH_MAX_SIZE", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("batch.max.size")
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> StreamConfig.fromLayers(Map.of("batch.max.size", "0"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("batch.max.size");
    assertThatThrownBy(
            () -> StreamConfig.fromLayers(Map.of("processing.guarantee", "exactly_once"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("processing.guarantee");
    assertThatThrownBy(() -> StreamConfig.fromLayers(Map.of("ops.http.port", "70000"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ops.http.port");
  }

  @Test
  void serdeConfigCarriesRegistryKeysOnly() {
    StreamConfig c =
        StreamConfig.fromLayers(
            Map.of(
                "schema.registry.url", "http://r:1",
                "basic.auth.user.info", "u:p",
                "schema.registry.ssl.truststore.location", "/t",
                "bootstrap.servers", "b:9"),
            Map.of());
    assertThat(c.serdeConfig())
        .containsEntry("schema.registry.url", "http://r:1")
        .containsEntry("basic.auth.user.info", "u:p")
        .containsEntry("schema.registry.ssl.truststore.location", "/t")
        .doesNotContainKey("bootstrap.servers");
  }

  @Test
  void publicKeyIsHiddenFromToStringAndBlankMeansNone() {
    StreamConfig c =
        StreamConfig.fromLayers(Map.of("model.public.key", "MCowBQYDK2VwAyEAsecret"), Map.of());
    assertThat(c.modelPublicKey().text()).isEqualTo("MCowBQYDK2VwAyEAsecret");
    assertThat(c.values().toString()).doesNotContain("secret");
    assertThat(StreamConfig.fromLayers(Map.of(), Map.of()).modelPublicKey()).isNull();
  }

  @Test
  void publicKeyIsReadFromTheFileWhenNotGivenInline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("public.pem");
    Files.writeString(file, "MCowBQYDK2VwAyEAfromfile");
    StreamConfig c =
        StreamConfig.fromLayers(
            Map.of(), Map.of("SENTIMENT_MODEL_PUBLIC_KEY_FILE", file.toString()));
    assertThat(c.modelPublicKey().text()).isEqualTo("MCowBQYDK2VwAyEAfromfile");
    assertThat(c.modelPublicKey().key()).isEqualTo("model.public.key.file");
    StreamConfig both =
        StreamConfig.fromLayers(
            Map.of("model.public.key", "inline", "model.public.key.file", file.toString()),
            Map.of());
    assertThat(both.modelPublicKey().text()).isEqualTo("inline");
  }

  @Test
  void unreadablePublicKeyFileNamesTheKey(@TempDir Path dir) {
    StreamConfig c =
        StreamConfig.fromLayers(
            Map.of("model.public.key.file", dir.resolve("missing.pem").toString()), Map.of());
    assertThatThrownBy(c::modelPublicKey)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.public.key.file")
        .hasMessageContaining("missing.pem");
  }
}
