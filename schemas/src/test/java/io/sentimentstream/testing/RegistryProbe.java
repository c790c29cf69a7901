package io.sentimentstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Asks the registry directly (not through the code under test) what it holds. */
public final class RegistryProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;

  /** A probe of the Confluent-compatible API at {@code baseUrl}. */
  public RegistryProbe(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** GETs {@code path} and returns the JSON answer; fails on a non-2xx status. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /** Sets the subject's compatibility level (e.g. BACKWARD). */
  public void setCompatibility(String subject, String level)
      throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/config/" + subject))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}")));
  }

  /** POSTs {@code schema} for registration under {@code subject}; returns status and raw body. */
  public HttpResponse<String> tryRegister(String subject, String schema)
      throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(java.util.Map.of("schema", schema));
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The id the registry gave the latest version of {@code subject}. */
  public int latestId(String subject) throws IOException, InterruptedException {
    return get("/subjects/" + subject + "/versions/latest").path("id").asInt();
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "Registry answered "
              + response.statusCode()
              + " to "
              + request.build().uri()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
