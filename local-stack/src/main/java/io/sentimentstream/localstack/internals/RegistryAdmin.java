package io.sentimentstream.localstack.internals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Registry-wide settings over the Confluent-compatible REST API, whoever started the registry. */
public final class RegistryAdmin {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RegistryAdmin() {}

  /**
   * Sets the registry-wide compatibility level (e.g. {@code BACKWARD}) via {@code PUT /config}.
   *
   * @param url the Confluent-compatible base URL
   * @throws IllegalStateException with the registry's answer if it refuses
   */
  public static void setGlobalCompatibility(String url, String level) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/config"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Schema registry refused compatibility "
                + level
                + ": HTTP "
                + response.statusCode()
                + " "
                + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot set compatibility on " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while configuring the schema registry", e);
    }
  }
}
