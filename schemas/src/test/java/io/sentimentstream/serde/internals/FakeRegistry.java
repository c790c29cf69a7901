package io.sentimentstream.serde.internals;

import io.sentimentstream.serde.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** An in-memory registry for unit tests of the codec; counts calls to check caching. */
final class FakeRegistry implements SchemaRegistryClient {
  final Map<Integer, Schema> byId = new HashMap<>();
  final Map<String, Map<Schema, Integer>> bySubject = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  private int nextId = 100;

  @Override
  public synchronized int register(String subject, Schema schema) {
    calls.add("register " + subject);
    Map<Schema, Integer> ids = bySubject.computeIfAbsent(subject, s -> new HashMap<>());
    return ids.computeIfAbsent(
        schema,
        s -> {
          byId.put(nextId, s);
          return nextId++;
        });
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    calls.add("lookup " + subject);
    Integer id = bySubject.getOrDefault(subject, Map.of()).get(schema);
    if (id == null) {
      throw new SchemaRegistryException("Schema not found", 404, 40403, null);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    calls.add("schemaById " + id);
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          "Schema registry refused to fetch schema id " + id + ": HTTP 404, error_code 40403",
          404,
          40403,
          null);
    }
    return schema;
  }
}
