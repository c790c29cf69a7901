package io.sentimentstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.avro.Tweet;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {
  @Test
  void aMissingRegistryUrlNamesTheKey() {
    assertThatThrownBy(() -> new ConfluentAvroSerde<>(Tweet.class).configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void aUrlWithoutSchemeNamesTheKey() {
    assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "localhost:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("must start with http:// or https://");
  }

  @Test
  void aUrlWithoutSchemeKeepsItsCredentialsOutOfTheMessage() {
    assertThatThrownBy(
            () -> new AvroSerdeConfig(Map.of("schema.registry.url", "bob:s3cret@localhost:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("localhost:8081")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void anUnparsableUrlNamesTheKeyButNotTheCredentials() {
    Map<String, String> cfg = Map.of("schema.registry.url", "http://bob:s3cret@reg istry:8081");
    assertThatThrownBy(() -> new ConfluentAvroSerde<>(Tweet.class).configure(cfg, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("http://reg istry:8081")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void withoutUserInfoStripsCredentialsFromAnyUrlShape() {
    assertThat(AvroSerdeConfig.withoutUserInfo("https://a:b@h:1/apis/x@y"))
        .isEqualTo("https://h:1/apis/x@y");
    assertThat(AvroSerdeConfig.withoutUserInfo("a:b@h:1")).isEqualTo("h:1");
    assertThat(AvroSerdeConfig.withoutUserInfo("http://h:1/p")).isEqualTo("http://h:1/p");
  }

  @Test
  void userInfoAuthWithoutCredentialsNamesTheKeyButNotTheSecret() {
    Map<String, String> cfg =
        Map.of(
            "schema.registry.url", "http://127.0.0.1:1",
            "basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "no-colon-secret");
    assertThatThrownBy(() -> new ConfluentAvroSerde<>(Tweet.class).configure(cfg, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info")
        .hasMessageNotContaining("no-colon-secret");
  }

  @Test
  void aMissingTrustStoreNamesTheKey() {
    Map<String, String> cfg =
        Map.of(
            "schema.registry.url", "https://127.0.0.1:1",
            "schema.registry.ssl.truststore.location", "/nonexistent/trust.p12");
    assertThatThrownBy(() -> new ConfluentAvroSerde<>(Tweet.class).configure(cfg, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.ssl.truststore.location")
        .hasMessageContaining("/nonexistent/trust.p12");
  }

  @Test
  void defaultsAndUrlListParse() {
    AvroSerdeConfig c =
        new AvroSerdeConfig(Map.of("schema.registry.url", "http://a:1/, http://b:2"));
    assertThat(c.registryUrls()).containsExactly("http://a:1", "http://b:2");
    assertThat(c.getBoolean(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS)).isTrue();
    assertThat(c.getInt(AvroSerdeConfig.MAX_RETRIES)).isEqualTo(3);
  }

  @Test
  void nullValuesAreTombstonesBothWays() {
    ConfluentAvroSerde<Tweet> serde = new ConfluentAvroSerde<>(Tweet.class);
    serde.configure(Map.of("schema.registry.url", "http://127.0.0.1:1"), false);
    assertThat(serde.serializer().serialize("tweets", null)).isNull();
    assertThat(serde.deserializer().deserialize("tweets", null)).isNull();
  }
}
