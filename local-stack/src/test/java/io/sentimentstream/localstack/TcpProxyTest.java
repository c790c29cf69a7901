package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
  private final ServerSocket echo;

  TcpProxyTest() throws IOException {
    echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try (Socket s = echo.accept()) {
                  s.getOutputStream().write(s.getInputStream().read());
                } catch (IOException e) {
                  // closed
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stop() throws IOException {
    echo.close();
  }

  private int roundTrip(int port, int b) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write(b);
      return s.getInputStream().read();
    }
  }

  @Test
  void forwardsRefusesWhileCutAndForwardsAgainOnTheSamePort() throws IOException {
    try (TcpProxy proxy = TcpProxy.forwarding(echo.getLocalPort())) {
      assertThat(roundTrip(proxy.port(), 42)).isEqualTo(42);

      proxy.cut();
      assertThatThrownBy(() -> roundTrip(proxy.port(), 1)).isInstanceOf(ConnectException.class);

      proxy.restore();
      assertThat(roundTrip(proxy.port(), 7)).isEqualTo(7);
    }
  }

  @Test
  void aProxyStartedCutRefusesUntilRestored() throws IOException {
    try (TcpProxy proxy = TcpProxy.cut(echo.getLocalPort())) {
      assertThatThrownBy(() -> roundTrip(proxy.port(), 1)).isInstanceOf(ConnectException.class);
      proxy.restore();
      assertThat(roundTrip(proxy.port(), 9)).isEqualTo(9);
    }
  }
}
