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
 * Unreachable registries and 5xx answers are retried with exponential backoff; any other refusal
 * fails at once with the registry's status, error code and message.
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
      long backoffMaxMs) {

    static RegistryHttp create(AvroSerdeConfig config) {
      RegistryAuth auth = RegistryAuth.from(config);
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofMillis(config.getInt(AvroSerdeConfig.REQUEST_TIMEOUT_MS)));
      TlsContexts.fromConfig(config).ifPresent(builder::sslContext);
      return new RegistryHttp(
          builder.build(),
          auth.urls(),
          auth.authorization(),
          Duration.ofMillis(config.getInt(AvroSerdeConfig.REQUEST_TIMEOUT_MS)),
          config.getInt(AvroSerdeConfig.MAX_RETRIES),
          config.getLong(AvroSerdeConfig.RETRY_BACKOFF_MS),
          config.getLong(AvroSerdeConfig.RETRY_BACKOFF_MAX_MS));
    }

    /** POSTs {@code body} to {@code path} (GET when body is null) and returns the JSON answer. */
    JsonNode send(String path, String body, String what) {
      Exception last = null;
      long backoff = backoffMs;
      for (int attempt = 0; attempt <= maxRetries; attempt++) {
        if (attempt > 0) {
          log.warn(
              "Schema registry attempt {} to {} failed ({}); retrying in {} ms",
              attempt,
              what,
              last.getMessage(),
              backoff);
          sleep(backoff);
          backoff = Math.min(backoffMaxMs, backoff * 2);
        }
        String url = urls.get(attempt % urls.size()) + path;
        try {
          HttpResponse<String> response = client.send(request(url, body), bodyHandler());
          if (response.statusCode() / 100 == 2) {
            return JSON.readTree(response.body());
          }
          SchemaRegistryException refusal = refusal(response, url, what);
          if (response.statusCode() < 500) {
            throw refusal;
          }
          last = refusal;
        } catch (IOException e) {
          SSLException tls = tlsCause(e);
          if (tls != null) {
            // a trust or certificate problem does not go away by retrying
            throw new SchemaRegistryException(
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
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              "Interrupted while trying to " + what + " at " + url, -1, 0, e);
        }
      }
      throw new SchemaRegistryException(
          String.format(
              "Schema registry unreachable at %s: could not %s after %d attempts; last error: %s",
              urls, what, maxRetries + 1, describe(last)),
          last instanceof SchemaRegistryException s
              ? s.status()
              : SchemaRegistryException.UNREACHABLE,
          0,
          last);
    }

    private HttpRequest request(String url, String body) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", CONTENT_TYPE);
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

    private static SSLException tlsCause(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SSLException ssl) {
          return ssl;
        }
      }
      return null;
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
