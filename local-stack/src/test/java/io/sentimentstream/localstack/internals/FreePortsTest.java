package io.sentimentstream.localstack.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void picksDistinctBindablePorts() throws Exception {
    int[] ports = FreePorts.pick(5);
    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(5);
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void isClosedTellsWhetherSomethingListens() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(FreePorts.isClosed(socket.getLocalPort())).isFalse();
      int port = socket.getLocalPort();
      socket.close();
      assertThat(FreePorts.isClosed(port)).isTrue();
    }
  }
}
