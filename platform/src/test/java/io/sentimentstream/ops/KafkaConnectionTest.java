package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {
  @Test
  void keepsTheWayInAndDropsWhatIsMeantForStreams() {
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("bootstrap.servers", "127.0.0.1:9093");
    app.put("security.protocol", "SASL_SSL");
    app.put("sasl.mechanism", "SCRAM-SHA-512");
    app.put("sasl.jaas.config", new Password("ScramLoginModule required;"));
    app.put("ssl.truststore.location", "/etc/trust.p12");
    app.put("group.instance.id", "stream-app-0");
    app.put("application.id", "sentiment-stream");
    app.put("schema.registry.ssl.truststore.location", "/etc/trust.p12");
    app.put("max.poll.records", "500");

    assertThat(KafkaConnection.pick(app))
        .containsExactly(
            Map.entry("bootstrap.servers", "127.0.0.1:9093"),
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("sasl.jaas.config", "ScramLoginModule required;"),
            Map.entry("ssl.truststore.location", "/etc/trust.p12"));
  }

  @Test
  void aTrustStoreThatCannotBeReadIsAConfigErrorBeforeAnyConnection() {
    Map<String, Object> c =
        Map.of(
            "bootstrap.servers", "127.0.0.1:1",
            "security.protocol", "SSL",
            "ssl.truststore.location", "/no/such/truststore.p12",
            "ssl.truststore.password", "x");
    assertThatThrownBy(() -> KafkaAccess.check(c, Duration.ofSeconds(2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/no/such/truststore.p12");
  }
}
