package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The secured stack: a SASL_SSL (SCRAM-SHA-512) listener and an HTTPS registry with stores made for
 * the run. Records round-trip with the generated client keys alone; a wrong password and an
 * untrusted certificate are refused, each with Kafka's own exception type; the SCRAM user survives
 * a broker restart.
 */
@Tag("integration")
class SecuredStackIT {
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack =
        LocalStack.startSecured(Path.of("target", "local-stack", "secured-" + System.nanoTime()));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void recordsRoundTripOverSaslSslWithTheGeneratedClientKeys() {
    SecureEndpoints s = stack.secure();
    assertThat(s.bootstrapServers()).isNotEqualTo(stack.bootstrapServers());
    stack.createTopic("secured-round-trip", 1, Map.of());
    Map<String, Object> producer = new HashMap<>(s.clientConfig());
    producer.keySet().removeIf(k -> k.startsWith("schema.registry."));
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> p = new KafkaProducer<>(producer)) {
      p.send(new ProducerRecord<>("secured-round-trip", "k", "over TLS")).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Map<String, Object> consumer = new HashMap<>(producer);
    consumer.keySet().removeIf(k -> k.endsWith(".serializer"));
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-it");
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer)) {
      c.subscribe(List.of("secured-round-trip"));
      List<String> values = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
      assertThat(values).containsExactly("over TLS");
    }
  }

  @Test
  void aWrongPasswordIsRefusedAsAnAuthenticationFailure() {
    Map<String, String> bad =
        stack.secure().clientConfig("not-the-password", stack.secure().tls().truststore());
    assertThatThrownBy(() -> describeCluster(bad))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void anUntrustedCertificateIsRefusedAsATlsFailure() {
    Map<String, String> bad =
        stack
            .secure()
            .clientConfig(stack.secure().password(), stack.secure().tls().untrustedTruststore());
    assertThatThrownBy(() -> describeCluster(bad))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SslAuthenticationException.class);
  }

  @Test
  void theRegistryAnswersOverHttpsOnlyToClientsThatTrustIt() throws Exception {
    TlsMaterial tls = stack.secure().tls();
    HttpRequest subjects =
        HttpRequest.newBuilder(URI.create(stack.secure().registryUrl() + "/subjects")).build();
    HttpResponse<String> ok =
        client(tls.truststore(), tls.password())
            .send(subjects, HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(stack.secure().registryUrl()).startsWith("https://127.0.0.1:");
    assertThatThrownBy(
            () ->
                client(tls.untrustedTruststore(), tls.password())
                    .send(subjects, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void theScramUserSurvivesABrokerRestart() throws Exception {
    stack.stopBroker(false);
    stack.startBroker();
    assertThat(describeCluster(stack.secure().clientConfig())).isEqualTo(1);
  }

  private static int describeCluster(Map<String, String> config) throws Exception {
    Map<String, Object> c = new HashMap<>(config);
    c.keySet().removeIf(k -> k.startsWith("schema.registry."));
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    try (Admin admin = Admin.create(c)) {
      return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
    }
  }

  private static HttpClient client(Path truststore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(truststore)) {
      store.load(in, password.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }
}
