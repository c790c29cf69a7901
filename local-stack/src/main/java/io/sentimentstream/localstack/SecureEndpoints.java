package io.sentimentstream.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secured side of a stack started with {@link LocalStack#startSecured}: a SASL_SSL listener
 * (SCRAM-SHA-512) on the broker and an HTTPS port on the registry, with a SCRAM user and trust
 * stores generated for the run. {@link #clientConfig()} is the whole difference between a client of
 * the plain stack and a client of this one.
 *
 * @param bootstrapServers the SASL_SSL listener, {@code 127.0.0.1:<port>}
 * @param registryUrl the registry's Confluent-compatible API over HTTPS
 * @param user the SCRAM-SHA-512 user
 * @param password its password
 * @param tls the key and trust stores
 */
public record SecureEndpoints(
    String bootstrapServers, String registryUrl, String user, String password, TlsMaterial tls) {

  /** The SASL mechanism of the secured listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  /**
   * Returns the client keys for this stack (Kafka's {@code security.protocol}, {@code
   * sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*}; the registry serde's
   * {@code schema.registry.url} and {@code schema.registry.ssl.truststore.*}), in a stable order.
   */
  public Map<String, String> clientConfig() {
    return clientConfig(password, tls.truststore());
  }

  /**
   * Like {@link #clientConfig()} but with another password and trust store (both Kafka's and the
   * registry's), for clients that must be refused.
   */
  public Map<String, String> clientConfig(String password, Path truststore) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("bootstrap.servers", bootstrapServers);
    c.put("security.protocol", "SASL_SSL");
    c.put("sasl.mechanism", MECHANISM);
    c.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    c.put("ssl.truststore.location", truststore.toString());
    c.put("ssl.truststore.password", tls.password());
    c.put("ssl.truststore.type", tls.type());
    c.put("schema.registry.url", registryUrl);
    c.put("schema.registry.ssl.truststore.location", truststore.toString());
    c.put("schema.registry.ssl.truststore.password", tls.password());
    c.put("schema.registry.ssl.truststore.type", tls.type());
    return c;
  }
}
