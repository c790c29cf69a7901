package io.sentimentstream.stream.aggregate;

import java.util.Map;

/**
 * An HTTP answer of the aggregate queries: status and a JSON body.
 *
 * @param status the HTTP status
 * @param body what is written as JSON
 */
public record QueryAnswer(int status, Object body) {
  /** An error answer whose body is {@code {"error": message}}. */
  public static QueryAnswer error(int status, String message) {
    return new QueryAnswer(status, Map.of("error", message));
  }
}
