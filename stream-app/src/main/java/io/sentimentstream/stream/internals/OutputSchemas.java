package io.sentimentstream.stream.internals;

import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.ConfluentAvroSerde;
import io.sentimentstream.serde.SchemaRegistryException;
import io.sentimentstream.stream.Topic;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the output topics' schemas at start-up. A serializer otherwise registers its schema on
 * its first write, and a registry outage at that moment fails the write and kills the stream thread
 * (the registry drill found it: the aggregates' first window came out during the cut). Once
 * registered, the caching client answers every later write itself. A registry that is down at start
 * is not a reason to refuse to start: the schema is then registered on the first write, as before,
 * and a warning says so.
 */
public final class OutputSchemas {
  private static final Logger log = LoggerFactory.getLogger(OutputSchemas.class);

  private OutputSchemas() {}

  /**
   * Registers the value schema of each topic that has a schema-registry serde.
   *
   * @throws ConfigException if the registry's TLS handshake fails (names the trust store key)
   */
  public static void prepare(Topic<?, ?>... topics) {
    for (Topic<?, ?> t : topics) {
      if (t.valueSerde() instanceof ConfluentAvroSerde<?> serde) {
        try {
          serde.serializer().prepare(t.name());
        } catch (SchemaRegistryException e) {
          if (SchemaRegistryException.tlsCause(e) != null) {
            // an untrusted or unreadable certificate will not fix itself: a config error
            throw new ConfigException(
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, "(see message)", e.getMessage());
          }
          log.warn(
              "Could not register the schema of output topic {} at start ({}); its first write"
                  + " will, and needs the registry then",
              t.name(),
              e.getMessage());
        }
      }
    }
  }
}
