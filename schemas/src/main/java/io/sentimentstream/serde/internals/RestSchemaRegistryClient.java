package io.sentimentstream.serde.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent schema-registry REST API on {@code java.net.http} and Jackson.
 * Confluent's own client is not on Maven Central; these three calls are all the serde needs.
 * Unreachable registries and 5xx, 408 and 429 answers are retried with exponential backoff, within
 * {@code schema.registry.max.retries} and the {@code schema.registry.max.block.ms} budget of one
 * operation; any other refusal fails at once with the registry's status, error code and message.
 * {@link SchemaRegistryException#retriable()} says whether the failure was transient.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryHttp http;

  /** A client configured by {@code config} (URLs, auth, TLS, retries). */
  public RestSchemaRegistryClient(AvroSerdeConfig config) {
    this.http = RegistryHttp.create(config);
  }

  @Override
  public int register(String subject, Schema schema) {
    String what = "register schema " + schema.getFullName() + " under subject " + subject;
    return http.send("/subjects/" + encode(subject) + "/versions", body(schema), what)
        .path("id")
        .asInt();
  }

  @Override
  public int lookup(String subject, Schema schema) {
    String what = "look up schema " + schema.getFullName() + " under subject " + subject;
    return http.send("/subjects/" + encode(subject), body(schema), what).path("id").asInt();
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode answer = http.send("/schemas/ids/" + id, null, "fetch schema id " + id);
    return new Schema.Parser().parse(answer.path("schema").asText());
  }

  private static String body(Schema schema) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON request body", e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The HTTP side: one request with retries, failover over the URLs, and error mapping. */
  private record RegistryHttp(
      HttpClient client,
      List<String> urls,
      String authorization,
      Duration timeout,
      int maxRetries,
      long backoffMs,
      long backoffMaxMs,
      long maxBlockMs) {

    static RegistryHttp create(AvroSerdeConfig config) {
      RegistryAuth auth = RegistryAuth.from(config);
      long maxBlockMs = config.getLong(AvroSerdeConfig.MAX_BLOCK_MS);
      Duration timeout =
          Duration.ofMillis(
              Math.min(config.getInt(AvroSerdeConfig.REQUEST_TIMEOUT_MS), maxBlockMs));
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
      TlsContexts.fromConfig(config).ifPresent(builder::sslContext);
      return new RegistryHttp(
          builder.build(),
          auth.urls(),
          auth.authorization(),
          timeout,
          config.getInt(AvroSerdeConfig.MAX_RETRIES),
          config.getLong(AvroSerdeConfig.RETRY_BACKOFF_MS),
          config.getLong(AvroSerdeConfig.RETRY_BACKOFF_MAX_MS),
          maxBlockMs);
    }

    /**
     * POSTs {@code body} to {@code path} (GET when body is null) and returns the JSON answer.
     * Retries transient failures until {@code maxRetries} or the {@code maxBlockMs} budget runs
     * out, whichever comes first.
     */
    JsonNode send(String path, String body, String what) {
      long deadline = System.nanoTime() + maxBlockMs * 1_000_000;
      Exception last = null;
      long backoff = backoffMs;
      int attempts = 0;
      while (attempts <= maxRetries) {
        if (attempts > 0) {
          if (remainingMs(deadline) <= backoff) {
            break; // no time left for the wait and another attempt
          }
          log.warn(
              "Schema registry attempt {} to {} failed ({}); retrying in {} ms",
              attempts,
              what,
              last.getMessage(),
              backoff);
          sleep(backoff);
          backoff = Math.min(backoffMaxMs, backoff * 2);
        }
        String url = urls.get(attempts % urls.size()) + path;
        attempts++;
        try {
          HttpResponse<String> response = client.send(request(url, body, deadline), bodyHandler());
          if (response.statusCode() / 100 == 2) {
            return JSON.readTree(response.body());
          }
          SchemaRegistryException refusal = refusal(response, url, what);
          if (!retriedInPlace(response.statusCode())) {
            throw refusal;
          }
          last = refusal;
        } catch (IOException e) {
          SSLException tls = SchemaRegistryException.tlsCause(e);
          if (tls != null) {
            throw tlsFailure(url, tls, e); // a trust or certificate problem: retrying won't help
          }
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              "Interrupted while trying to " + what + " at " + url, -1, 0, e);
        }
      }
      throw new SchemaRegistryException(
          String.format(
              "Schema registry unreachable at %s: could not %s after %d attempts; last error: %s"
                  + " (gives up after %s=%d or %s=%d ms)",
              urls,
              what,
              attempts,
              describe(last),
              AvroSerdeConfig.MAX_RETRIES,
              maxRetries,
              AvroSerdeConfig.MAX_BLOCK_MS,
              maxBlockMs),
          last instanceof SchemaRegistryException s
              ? s.status()
              : SchemaRegistryException.UNREACHABLE,
          0,
          last);
    }

    /** 5xx, 408 and 429 are worth another attempt now; 401 and 403 are not (but stay retriable). */
    private static boolean retriedInPlace(int status) {
      return status >= 500 || status == 408 || status == 429;
    }

    private static SchemaRegistryException tlsFailure(String url, SSLException tls, Exception e) {
      return new SchemaRegistryException(
          "TLS handshake with the schema registry at "
              + url
              + " failed (check "
              + AvroSerdeConfig.SSL_PREFIX
              + "*): "
              + tls.getMessage(),
          SchemaRegistryException.UNREACHABLE,
          0,
          e);
    }

    private static long remainingMs(long deadlineNanos) {
      return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }

    private HttpRequest request(String url, String body, long deadline) {
      Duration left = Duration.ofMillis(Math.max(1, remainingMs(deadline)));
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(left.compareTo(timeout) < 0 ? left : timeout)
              .header("Accept", CONTENT_TYPE);
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return body == null
          ? b.GET().build()
          : b.header("Content-Type", CONTENT_TYPE)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
    }

    private static HttpResponse.BodyHandler<String> bodyHandler() {
      return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    private static SchemaRegistryException refusal(
        HttpResponse<String> response, String url, String what) {
      int errorCode = 0;
      String message = response.body();
      try {
        JsonNode json = JSON.readTree(response.body());
        errorCode = json.path("error_code").asInt(0);
        message = json.path("message").asText(message);
      } catch (IOException | RuntimeException notJson) {
        // keep the raw body: some proxies answer with HTML or plain text
      }
      return new SchemaRegistryException(
          String.format(
              "Schema registry refused to %s (%s %s): HTTP %d, error_code %d: %s",
              what, response.request().method(), url, response.statusCode(), errorCode, message),
          response.statusCode(),
          errorCode,
          null);
    }

    private static String describe(Exception e) {
      if (e == null) {
        return "none";
      }
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("Interrupted while waiting to retry", -1, 0, e);
      }
    }
  }
}
