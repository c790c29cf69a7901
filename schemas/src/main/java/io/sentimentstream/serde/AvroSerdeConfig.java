package io.sentimentstream.serde;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the Confluent wire-format Avro serde, with Confluent's key names where Confluent
 * has one. Declared once with Kafka's {@link ConfigDef}, so a missing or bad value fails at {@code
 * configure} with a {@link org.apache.kafka.common.config.ConfigException} naming the key; secrets
 * are {@link Type#PASSWORD}s and never appear in logs.
 */
public final class AvroSerdeConfig extends AbstractConfig {
  /** Comma-separated base URLs of a Confluent-compatible registry; tried in order. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Register the writer's schema on first use (true) or only look up its id (false). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /**
   * {@code USER_INFO} (use {@link #BASIC_AUTH_USER_INFO}) or {@code URL} (user info in the URL).
   */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password} for HTTP basic auth when the credentials source is USER_INFO. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Attempts after the first one when the registry is unreachable or answers 5xx. */
  public static final String MAX_RETRIES = "schema.registry.max.retries";

  /** Wait before the first retry; doubles per retry up to {@link #RETRY_BACKOFF_MAX_MS}. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  /** Upper bound of the wait between retries. */
  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

  /** Timeout of one HTTP request (connect and response). */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /**
   * Longest time one registry operation (every attempt, wait and retry together) may block the
   * caller; each attempt's timeout is the smaller of {@link #REQUEST_TIMEOUT_MS} and what is left.
   * Keeps a hanging registry from holding a stream thread past its transaction timeout.
   */
  public static final String MAX_BLOCK_MS = "schema.registry.max.block.ms";

  /** Prefix of the TLS keys, as in Confluent's client. */
  public static final String SSL_PREFIX = "schema.registry.ssl.";

  public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
  public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
  public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";

  private static final ConfigDef DEF = definition();

  /**
   * The entries of a service's configuration that this serde reads ({@code schema.registry.*},
   * {@code basic.auth.*}, {@code auto.register.schemas}), so services pass them through unchanged.
   */
  public static Map<String, Object> pick(Map<String, ?> serviceConfig) {
    Map<String, Object> m = new HashMap<>();
    serviceConfig.forEach(
        (k, v) -> {
          if (k.startsWith("schema.registry.")
              || k.startsWith("basic.auth.")
              || k.equals(AUTO_REGISTER_SCHEMAS)) {
            m.put(k, v);
          }
        });
    return m;
  }

  /** Parses and validates the given serde configuration (extra keys are ignored). */
  public AvroSerdeConfig(Map<String, ?> originals) {
    super(DEF, originals, false);
  }

  /** The declared keys, their types, defaults and docs. */
  public static ConfigDef configDef() {
    return new ConfigDef(DEF);
  }

  /** The registry base URLs, without trailing slashes. */
  public List<String> registryUrls() {
    return getList(SCHEMA_REGISTRY_URL).stream()
        .map(String::strip)
        .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
        .toList();
  }

  /**
   * {@code url} without its {@code user:password@} part, for messages and logs; works on strings
   * that are not valid URIs too (no scheme, spaces), since those are the ones that end up in
   * errors.
   */
  public static String withoutUserInfo(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = url.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = url.indexOf(c, start);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? url : url.substring(0, start) + url.substring(at + 1);
  }

  private static void validateUrls(String name, Object value) {
    List<?> urls = (List<?>) value;
    if (urls == null || urls.isEmpty()) {
      throw new ConfigException(name, value, "at least one registry URL is required");
    }
    for (Object url : urls) {
      String u = url.toString().strip().toLowerCase(Locale.ROOT);
      if (!u.startsWith("http://") && !u.startsWith("https://")) {
        throw new ConfigException(
            name,
            withoutUserInfo(url.toString()),
            "a registry URL must start with http:// or https://");
      }
    }
  }

  private static ConfigDef definition() {
    return new ConfigDef()
        .define(
            SCHEMA_REGISTRY_URL,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            AvroSerdeConfig::validateUrls,
            Importance.HIGH,
            "Comma-separated base URLs (http or https) of a Confluent-compatible schema registry.")
        .define(
            AUTO_REGISTER_SCHEMAS,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Register the writer schema under the TopicNameStrategy subject on first use; when"
                + " false, only look up its id (the schema must already be registered).")
        .define(
            BASIC_AUTH_CREDENTIALS_SOURCE,
            Type.STRING,
            "URL",
            ValidString.in("URL", "USER_INFO"),
            Importance.MEDIUM,
            "Where basic-auth credentials come from: USER_INFO (basic.auth.user.info) or URL.")
        .define(
            BASIC_AUTH_USER_INFO,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "user:password for basic auth when the credentials source is USER_INFO.")
        .define(
            MAX_RETRIES,
            Type.INT,
            3,
            Range.atLeast(0),
            Importance.LOW,
            "Retries after the first attempt when the registry is unreachable or answers 5xx.")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            200L,
            Range.atLeast(0),
            Importance.LOW,
            "Wait before the first retry; doubles per retry.")
        .define(
            RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            5_000L,
            Range.atLeast(0),
            Importance.LOW,
            "Upper bound of the wait between retries.")
        .define(
            REQUEST_TIMEOUT_MS,
            Type.INT,
            10_000,
            Range.atLeast(1),
            Importance.LOW,
            "Timeout of one HTTP request to the registry.")
        .define(
            MAX_BLOCK_MS,
            Type.LONG,
            5_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Longest time one registry operation, all attempts and waits together, may block the"
                + " caller; each attempt's timeout is the smaller of "
                + REQUEST_TIMEOUT_MS
                + " and what is left.")
        .define(
            SSL_TRUSTSTORE_LOCATION,
            Type.STRING,
            null,
            Importance.LOW,
            "Trust store for the registry's TLS certificate; the JDK's default trust when unset.")
        .define(
            SSL_TRUSTSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the trust store.")
        .define(
            SSL_TRUSTSTORE_TYPE,
            Type.STRING,
            "PKCS12",
            Importance.LOW,
            "Type of the trust store (PKCS12 or JKS).")
        .define(
            SSL_KEYSTORE_LOCATION,
            Type.STRING,
            null,
            Importance.LOW,
            "Key store holding the client certificate for mutual TLS.")
        .define(
            SSL_KEYSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the key store.")
        .define(
            SSL_KEYSTORE_TYPE,
            Type.STRING,
            "PKCS12",
            Importance.LOW,
            "Type of the key store (PKCS12 or JKS).")
        .define(
            SSL_KEY_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the private key in the key store; the key store's password when unset.");
  }
}
