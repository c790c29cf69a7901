package io.sentimentstream.serde.internals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches a {@link SchemaRegistryClient} both ways: (subject, schema) to id and id to schema. A
 * registered schema's id never changes, so entries never expire; the registry is asked once per
 * schema per process.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {
  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistryClient delegate;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  /** Wraps {@code delegate}. */
  public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    return ids.computeIfAbsent(
        new SubjectSchema(subject, schema),
        k -> remember(delegate.register(subject, schema), schema));
  }

  @Override
  public int lookup(String subject, Schema schema) {
    return ids.computeIfAbsent(
        new SubjectSchema(subject, schema),
        k -> remember(delegate.lookup(subject, schema), schema));
  }

  @Override
  public Schema schemaById(int id) {
    return schemas.computeIfAbsent(id, delegate::schemaById);
  }

  private int remember(int id, Schema schema) {
    schemas.putIfAbsent(id, schema);
    return id;
  }
}
