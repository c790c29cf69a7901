package io.sentimentstream.serde.internals;

import org.apache.avro.Schema;

/**
 * The three registry operations the wire-format serde needs. An interface so the codec can be
 * unit-tested without a registry; the real implementation is {@link RestSchemaRegistryClient}.
 */
public interface SchemaRegistryClient {
  /** Registers {@code schema} under {@code subject} (idempotent) and returns its id. */
  int register(String subject, Schema schema);

  /** Returns the id of {@code schema} already registered under {@code subject}. */
  int lookup(String subject, Schema schema);

  /** Returns the schema registered with {@code id}. */
  Schema schemaById(int id);
}
