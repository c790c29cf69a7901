package io.sentimentstream.serde.internals;

import io.sentimentstream.serde.SchemaRegistryException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches a {@link SchemaRegistryClient} both ways: (subject, schema) to id and id to schema. A
 * registered schema's id never changes, so entries never expire; the registry is asked once per
 * schema per process.
 *
 * <p>An id the registry answered 404 for is remembered for {@link #MISS_TTL_NANOS} too: a burst of
 * records carrying one unknown id (a misconfigured producer, garbage that happens to start with the
 * magic byte) would otherwise cost one registry round trip each, and the poison drill measured the
 * dead-letter path at ~200 records/s because of it. The window is short because a 404 can turn into
 * an answer (a registry replica that had not caught up yet), and the map is bounded, so random ids
 * cannot grow it without limit.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {
  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistryClient delegate;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final Map<Integer, Miss> misses = new ConcurrentHashMap<>();

  /** How long a 404 for an id is answered from memory. */
  static final long MISS_TTL_NANOS = 5_000_000_000L;

  private static final int MAX_MISSES = 10_000;

  private record Miss(SchemaRegistryException answer, long atNanos) {}

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
    Schema known = schemas.get(id);
    if (known != null) {
      return known;
    }
    Miss miss = misses.get(id);
    if (miss != null && System.nanoTime() - miss.atNanos() < MISS_TTL_NANOS) {
      SchemaRegistryException a = miss.answer();
      throw new SchemaRegistryException(a.getMessage(), a.status(), a.errorCode(), null);
    }
    try {
      return schemas.computeIfAbsent(id, delegate::schemaById);
    } catch (SchemaRegistryException e) {
      if (e.status() == 404) {
        if (misses.size() >= MAX_MISSES) {
          misses.clear();
        }
        misses.put(id, new Miss(e, System.nanoTime()));
      }
      throw e;
    }
  }

  private int remember(int id, Schema schema) {
    schemas.putIfAbsent(id, schema);
    return id;
  }
}
