package io.sentimentstream.stream.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * Finding 2 of issue 21: forwarded queries wait on another instance (up to ~7 s), so only a few may
 * hold the ops server's route threads at once; one more is refused at once with a 503.
 */
class QueryForwarderTest {
  private static final int MAX = QueryForwarder.MAX_IN_FLIGHT;

  @Test
  void aForwardBeyondTheBoundIsRefusedWithoutWaitingOnThePeer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    HttpServer peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ExecutorService peerThreads = Executors.newCachedThreadPool();
    peer.setExecutor(peerThreads);
    peer.createContext(
        "/",
        ex -> {
          entered.incrementAndGet();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "{\"windows\":[]}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (ex) {
            ex.getResponseBody().write(body);
          }
        });
    peer.start();
    ExecutorService clients = Executors.newFixedThreadPool(MAX);
    try {
      QueryForwarder forwarder = new QueryForwarder();
      HostInfo host = new HostInfo("127.0.0.1", peer.getAddress().getPort());
      List<Future<QueryAnswer>> held = new ArrayList<>();
      for (int i = 0; i < MAX; i++) {
        held.add(clients.submit(() -> forwarder.forward(host, "/aggregates?key=a&local=true")));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (entered.get() < MAX) {
        assertThat(System.nanoTime()).as("forwards reaching the peer").isLessThan(deadline);
        Thread.sleep(20);
      }

      QueryAnswer refused = forwarder.forward(host, "/aggregates?key=b&local=true");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.body().toString()).contains("forwarded queries");
      assertThat(entered.get()).as("the refused query never reached the peer").isEqualTo(MAX);

      release.countDown();
      for (Future<QueryAnswer> f : held) {
        assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      assertThat(forwarder.forward(host, "/aggregates?key=c&local=true").status())
          .as("permits are given back")
          .isEqualTo(200);
    } finally {
      release.countDown();
      clients.shutdownNow();
      peer.stop(0);
      peerThreads.shutdownNow();
    }
  }
}
