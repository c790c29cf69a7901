package io.sentimentstream.serde.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of the client against a scripted server on the JDK's HttpServer. */
class RestSchemaRegistryClientTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String serve(int status, String body, int failFirst) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          seen.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI()
                  + " auth="
                  + ex.getRequestHeaders().getFirst("Authorization")
                  + " body="
                  + read(ex));
          boolean fail = calls.getAndIncrement() < failFirst;
          respond(
              ex, fail ? 503 : status, fail ? "{\"error_code\":50001,\"message\":\"busy\"}" : body);
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static RestSchemaRegistryClient client(String url, Map<String, Object> extra) {
    Map<String, Object> cfg = new HashMap<>(extra);
    cfg.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
    cfg.put(AvroSerdeConfig.RETRY_BACKOFF_MS, 10L);
    return new RestSchemaRegistryClient(new AvroSerdeConfig(cfg));
  }

  @Test
  void registersUnderTheSubjectWithTheSchemaAsJsonString() throws IOException {
    String url = serve(200, "{\"id\":42}", 0);

    int id = client(url, Map.of()).register("tweets-value", Tweet.getClassSchema());

    assertThat(id).isEqualTo(42);
    assertThat(seen)
        .singleElement()
        .asString()
        .startsWith(
            "POST /subjects/tweets-value/versions auth=null body={\"schema\":\"{\\\"type\\\":\\\"record\\\"");
  }

  @Test
  void sendsBasicAuthFromUserInfo() throws IOException {
    String url = serve(200, "{\"id\":1}", 0);
    Map<String, Object> auth =
        Map.of(
            AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
            AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:s3cret");

    client(url, auth).lookup("tweets-value", Tweet.getClassSchema());

    assertThat(seen)
        .singleElement()
        .asString()
        .startsWith("POST /subjects/tweets-value auth=Basic YWxpY2U6czNjcmV0 ");
  }

  @Test
  void takesBasicAuthFromTheUrlAndKeepsItOutOfMessages() throws IOException {
    String url = serve(404, "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}", 0);
    String withUser = url.replace("http://", "http://bob:pw@");

    assertThatThrownBy(() -> client(withUser, Map.of()).schemaById(5))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "Schema registry refused to fetch schema id 5 (GET "
                + url
                + "/schemas/ids/5): HTTP 404, error_code 40403: Schema 5 not found");
    assertThat(seen).singleElement().asString().contains("auth=Basic Ym9iOnB3");
  }

  @Test
  void surfacesTheRegistrysRefusalAtOnce() throws IOException {
    String url =
        serve(
            409,
            "{\"error_code\":409,\"message\":\"Schema being registered is"
                + " incompatible with an earlier schema\"}",
            0);

    assertThatThrownBy(() -> client(url, Map.of()).register("t-value", Tweet.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining(
            "refused to register schema io.sentimentstream.avro.Tweet under subject t-value")
        .hasMessageContaining("HTTP 409, error_code 409: Schema being registered is incompatible")
        .extracting(e -> ((SchemaRegistryException) e).status())
        .isEqualTo(409);
    assertThat(seen).hasSize(1);
  }

  @Test
  void retriesServerErrorsThenSucceeds() throws IOException {
    String url = serve(200, "{\"schema\":\"\\\"string\\\"\"}", 2);

    assertThat(client(url, Map.of()).schemaById(3).getType()).hasToString("STRING");
    assertThat(seen).hasSize(3);
  }

  @Test
  void givesUpOnAnUnreachableRegistryNamingItsUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    Map<String, Object> twoRetries = Map.of(AvroSerdeConfig.MAX_RETRIES, 2);

    assertThatThrownBy(() -> client(url, twoRetries).schemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageStartingWith(
            "Schema registry unreachable at ["
                + url
                + "]: could not fetch"
                + " schema id 1 after 3 attempts; last error:")
        .extracting(e -> ((SchemaRegistryException) e).status())
        .isEqualTo(SchemaRegistryException.UNREACHABLE);
  }

  private static String read(HttpExchange ex) throws IOException {
    return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
