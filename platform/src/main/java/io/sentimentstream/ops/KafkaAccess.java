package io.sentimentstream.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start-up check of a client's way into Kafka: one {@code describeCluster}. Left to the clients,
 * a wrong SASL password or an untrusted broker certificate shows up as a stream of retries and
 * warnings, or a stream thread dying minutes later; here it stops start-up at once with a {@link
 * ConfigException} naming the setting to fix. A broker that does not answer in time is not an error
 * (it may start after the app): a warning, and the clients keep trying.
 */
public final class KafkaAccess {
  private static final Logger log = LoggerFactory.getLogger(KafkaAccess.class);

  /** How long the check waits for the broker before it lets start-up go on. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private KafkaAccess() {}

  /**
   * Connects with the connection keys of {@code config} ({@link KafkaConnection}; others are
   * ignored) and asks for the cluster's nodes.
   *
   * @throws ConfigException if the broker refuses the credentials ({@code sasl.jaas.config}), the
   *     mechanism ({@code sasl.mechanism}) or the TLS handshake fails ({@code
   *     ssl.truststore.location}), or no client can be made from the keys
   */
  public static void check(Map<String, ?> config, Duration timeout) {
    Map<String, Object> admin = new HashMap<>(KafkaConnection.pick(config));
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Object servers = admin.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    try (Admin client = Admin.create(admin)) {
      client.describeCluster().nodes().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      RuntimeException refused = refusal(e.getCause(), servers, admin);
      if (refused != null) {
        throw refused;
      }
      log.warn(
          "Kafka at {} did not answer the start-up check ({}); starting anyway",
          servers,
          e.getCause().toString());
    } catch (TimeoutException e) {
      log.warn(
          "Kafka at {} did not answer within {} s; starting anyway, the clients keep trying",
          servers,
          timeout.toSeconds());
    } catch (KafkaException e) {
      throw new ConfigException("Cannot make a Kafka client from this configuration: " + causes(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking access to Kafka", e);
    }
  }

  /** The config error an authentication failure stands for; null for any other failure. */
  private static RuntimeException refusal(Throwable e, Object servers, Map<String, Object> c) {
    if (e instanceof UnsupportedSaslMechanismException) {
      return new ConfigException(
          SaslConfigs.SASL_MECHANISM,
          c.get(SaslConfigs.SASL_MECHANISM),
          "Kafka at " + servers + " does not offer this mechanism: " + e.getMessage());
    }
    if (e instanceof SaslAuthenticationException) {
      return new ConfigException(
          SaslConfigs.SASL_JAAS_CONFIG,
          "(hidden)",
          "Kafka at "
              + servers
              + " refused the credentials (check the username and password in it): "
              + e.getMessage());
    }
    if (e instanceof SslAuthenticationException) {
      return new ConfigException(
          SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
          c.get(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG),
          "the TLS handshake with Kafka at "
              + servers
              + " failed: its certificate is not trusted by this store, or does not name the host"
              + " ("
              + SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG
              + "): "
              + causes(e));
    }
    if (e instanceof AuthenticationException) {
      return new ConfigException(
          "security.protocol",
          c.get("security.protocol"),
          "Kafka at " + servers + " refused this client: " + e.getMessage());
    }
    return null; // not about this client's keys
  }

  private static String causes(Throwable e) {
    StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      s.append(": ").append(c.getMessage());
    }
    return s.toString();
  }
}
