package io.sentimentstream.serde.internals;

import static io.sentimentstream.testing.SampleRecords.tweet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.sentimentstream.avro.Tweet;
import io.sentimentstream.serde.AvroSerdeConfig;
import io.sentimentstream.serde.ConfluentAvroDeserializer;
import io.sentimentstream.serde.InMemorySchemaRegistry;
import io.sentimentstream.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which registry failures are a definite answer about the record (poison) and which are transient
 * (retry later, do not skip the record), against a real HTTP server on 127.0.0.1.
 */
class RegistryFailureKindTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  /** A server answering every request with {@code status}; {@code hang} never answers. */
  private String serve(int status, boolean hang) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          calls.incrementAndGet();
          if (hang) {
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body =
              "{\"error_code\":0,\"message\":\"scripted\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static Map<String, Object> config(String url, Object... extra) {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
    cfg.put(AvroSerdeConfig.RETRY_BACKOFF_MS, 10L);
    for (int i = 0; i < extra.length; i += 2) {
      cfg.put((String) extra[i], extra[i + 1]);
    }
    return cfg;
  }

  private static Throwable fetchFailure(Map<String, Object> cfg) {
    return catchThrowable(
        () -> new RestSchemaRegistryClient(new AvroSerdeConfig(cfg)).schemaById(7));
  }

  /** A tweet's bytes in the wire format under schema id 7, decoded by a configured deserializer. */
  private static Throwable deserializeFailure(Map<String, Object> cfg) {
    InMemorySchemaRegistry fake = new InMemorySchemaRegistry();
    SpecificData model = SpecificData.getForClass(Tweet.class);
    byte[] bytes =
        new ConfluentWireCodec<Tweet>(fake, model, Tweet.getClassSchema(), true, false)
            .encode("tweets", tweet(1));
    ByteBuffer.wrap(bytes).putInt(1, 7);
    ConfluentAvroDeserializer<Tweet> de = new ConfluentAvroDeserializer<>(Tweet.class);
    de.configure(cfg, false);
    return catchThrowable(() -> de.deserialize("tweets", bytes));
  }

  @Test
  void anUnknownSchemaIdIsADefiniteAnswer() throws IOException {
    Throwable e = deserializeFailure(config(serve(404, false)));

    assertThat(e).isInstanceOf(SchemaRegistryException.class).hasMessageContaining("HTTP 404");
    assertThat(((SchemaRegistryException) e).retriable()).isFalse();
    assertThat(SchemaRegistryException.isRetriable(e)).isFalse();
  }

  @Test
  void aBadMagicByteIsADefiniteAnswer() {
    ConfluentAvroDeserializer<Tweet> de = new ConfluentAvroDeserializer<>(Tweet.class);
    de.configure(config("http://127.0.0.1:1"), false);

    Throwable e = catchThrowable(() -> de.deserialize("tweets", new byte[] {7, 0, 0, 0, 1, 2}));

    assertThat(e).hasMessageContaining("unknown magic byte 0x07");
    assertThat(SchemaRegistryException.isRetriable(e)).isFalse();
  }

  @Test
  void serverErrorsAreTransientForTheDeserializer() throws IOException {
    String url = serve(503, false);
    Throwable e = deserializeFailure(config(url, AvroSerdeConfig.MAX_RETRIES, 1));

    assertThat(e).isInstanceOf(SchemaRegistryException.class).hasMessageContaining("HTTP 503");
    assertThat(SchemaRegistryException.isRetriable(e)).isTrue();
    assertThat(calls).hasValue(2);
  }

  @Test
  void unauthorizedAndForbiddenAreTransientAndNotRetriedInPlace() throws IOException {
    for (int status : new int[] {401, 403}) {
      calls.set(0);
      Throwable e = fetchFailure(config(serve(status, false)));
      server.stop(0);

      assertThat(e).hasMessageContaining("HTTP " + status);
      assertThat(SchemaRegistryException.isRetriable(e)).as("HTTP %d", status).isTrue();
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  void anUnreachableRegistryIsTransient() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Throwable e = deserializeFailure(config("http://127.0.0.1:" + port));

    assertThat(e).hasMessageContaining("unreachable");
    assertThat(SchemaRegistryException.isRetriable(e)).isTrue();
  }

  @Test
  void aHangingRegistryBlocksNoLongerThanMaxBlockMs() throws IOException {
    String url = serve(200, true);
    long t0 = System.nanoTime();

    Throwable e = fetchFailure(config(url, AvroSerdeConfig.MAX_BLOCK_MS, 800L));

    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(SchemaRegistryException.isRetriable(e)).isTrue();
    assertThat(e).hasMessageContaining(AvroSerdeConfig.MAX_BLOCK_MS + "=800");
    assertThat(ms).as("blocked for %d ms", ms).isBetween(700L, 2_500L);
  }

  @Test
  void theDefaultBudgetOfOneLookupIsFiveSeconds() {
    AvroSerdeConfig c = new AvroSerdeConfig(config("http://127.0.0.1:1"));
    assertThat(c.getLong(AvroSerdeConfig.MAX_BLOCK_MS)).isEqualTo(5_000L);
  }
}
