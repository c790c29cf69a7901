package io.sentimentstream.localstack.internals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks TCP ports on 127.0.0.1 that are free right now, so several stacks (parallel builds, other
 * test JVMs) never collide on fixed ports.
 *
 * <p>The port is released before the child process binds it; another process could take it in
 * between. That window is milliseconds, and a child that cannot bind fails its readiness check with
 * its log, so the risk is accepted rather than passing sockets across processes.
 */
public final class FreePorts {
  private FreePorts() {}

  /** Returns {@code count} distinct ports that were free on 127.0.0.1 when picked. */
  public static int[] pick(int count) {
    Set<Integer> seen = new HashSet<>();
    int[] ports = new int[count];
    int i = 0;
    while (i < count) {
      int port = pickOne();
      if (seen.add(port)) {
        ports[i++] = port;
      }
    }
    return ports;
  }

  private static int pickOne() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free TCP port on 127.0.0.1", e);
    }
  }

  /** Returns true if nothing accepts connections on 127.0.0.1:{@code port}. */
  public static boolean isClosed(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
