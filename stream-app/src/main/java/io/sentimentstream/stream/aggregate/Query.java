package io.sentimentstream.stream.aggregate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** A request's query parameters; a bad value is an IllegalArgumentException naming it (400). */
final class Query {
  private final Map<String, String> params;

  private Query(Map<String, String> params) {
    this.params = params;
  }

  static Query parse(String rawQuery) {
    Map<String, String> m = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        m.put(decode(k), decode(v));
      }
    }
    return new Query(m);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  boolean has(String name) {
    return params.containsKey(name);
  }

  String required(String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("query parameter '" + name + "' is required");
    }
    return v;
  }

  /** Epoch milliseconds or an ISO-8601 instant (2015-08-07T01:00:00Z). */
  long time(String name, long dflt) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(v.trim()).toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "query parameter '" + name + "' is neither epoch ms nor an ISO-8601 instant: " + v);
      } catch (ArithmeticException e2) { // a valid Instant, but its epoch ms overflow a long
        throw new IllegalArgumentException(
            "query parameter '" + name + "' is out of range (epoch ms must fit 64 bits): " + v);
      }
    }
  }

  /** A whole number, or {@code dflt} when absent. */
  int integer(String name, int dflt) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' is not a number: " + v);
    }
  }

  /** True when another instance forwarded the query here (answer from local stores only). */
  boolean local() {
    return "true".equals(params.get("local"));
  }
}
