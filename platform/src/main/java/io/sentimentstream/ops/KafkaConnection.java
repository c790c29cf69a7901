package io.sentimentstream.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.types.Password;

/**
 * The keys that say how a client gets into a Kafka cluster: {@code bootstrap.servers}, {@code
 * security.protocol}, every {@code sasl.*} and {@code ssl.*} key, {@code security.providers} and
 * {@code client.dns.lookup}. A side client of an app (an admin that creates a topic, the model
 * listener's consumer, the replayer's producer) takes these from the app's configuration and
 * nothing else: on a cluster that requires TLS and SASL, a client given only the bootstrap servers
 * would retry a plaintext connection forever; one given every key would also inherit settings meant
 * for Kafka Streams (a {@code group.instance.id}, say).
 */
public final class KafkaConnection {
  private static final Set<String> KEYS =
      Set.of("bootstrap.servers", "security.protocol", "security.providers", "client.dns.lookup");

  private KafkaConnection() {}

  /** Returns the connection keys of {@code config} (passwords as plain strings), in its order. */
  public static Map<String, Object> pick(Map<String, ?> config) {
    Map<String, Object> out = new LinkedHashMap<>();
    config.forEach(
        (k, v) -> {
          if (v != null && isConnectionKey(k)) {
            out.put(k, v instanceof Password p ? p.value() : v);
          }
        });
    return out;
  }

  /** True for a key {@link #pick} keeps. */
  public static boolean isConnectionKey(String key) {
    return KEYS.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.");
  }
}
