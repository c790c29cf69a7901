package io.sentimentstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finding 2 of issue 21, the read side: a client that starts a request and never finishes it holds
 * a server thread only until the request-read limit, so stalled clients cannot starve {@code
 * /health/live} for longer than that.
 *
 * <p>The JDK server reads its limits once per JVM, when its first server is created; other tests in
 * this JVM create servers of their own. So the ops server runs in a fresh JVM here, as it does in
 * the apps, where it is the first (and only) server.
 */
class OpsServerSlowClientTest {
  private static final int STALLED = 40; // more than the server's dispatch threads

  @Test
  void stalledRequestsAreDroppedAndLivenessAnswersMeanwhile() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Socket> stalled = new ArrayList<>();
    try {
      int port = port(child);
      for (int i = 0; i < STALLED; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes());
        s.getOutputStream().flush(); // the blank line that ends the headers never comes
        stalled.add(s);
      }

      // answered once the stalled requests are dropped (the limit is 5 s), not never
      HttpResponse<String> live =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                      .version(HttpClient.Version.HTTP_1_1)
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      for (Socket s : stalled) {
        assertThat(closedByServer(s)).as("a stalled request is dropped by the server").isTrue();
      }
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
      child.destroy();
    }
  }

  /** True when the server closed the connection within 20 s (EOF or reset), false on timeout. */
  private static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(20_000);
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  private static int port(Process child) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("PORT=")) {
        return Integer.parseInt(line.substring(5));
      }
    }
    throw new AssertionError("the ops server JVM exited without printing its port");
  }

  /** The child JVM: an ops server on a free port, until its stdin closes or it is killed. */
  public static final class Main {
    public static void main(String[] args) throws IOException {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (OpsServer server = OpsServer.start("127.0.0.1", 0, registry, () -> true)) {
        System.out.println("PORT=" + server.port());
        System.out.flush();
        while (System.in.read() != -1) {
          // wait
        }
      }
    }
  }
}
