package io.sentimentstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP forwarder on 127.0.0.1 in front of a real service (the registry, or a broker's bootstrap
 * address) that a test can {@link #cut()} and {@link #restore()}, to see what a client does while
 * its dependency is away and after it comes back. Cut, the port refuses connections and every open
 * connection is closed, as when the service's process is down; restored, it forwards again on the
 * same port.
 *
 * <p>For Kafka only the bootstrap connection goes through the proxy: the broker's metadata then
 * names its own advertised address. That is what "the broker is not up yet" looks like to a client
 * at start-up.
 */
public final class TcpProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket server;
  private Thread acceptor;

  private TcpProxy(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  /** A proxy to {@code targetPort} on 127.0.0.1, forwarding at once. */
  public static TcpProxy forwarding(int targetPort) {
    TcpProxy p = cut(targetPort);
    p.restore();
    return p;
  }

  /** A proxy to {@code targetPort} on 127.0.0.1 whose port is chosen but refuses until restored. */
  public static TcpProxy cut(int targetPort) {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pick a free port", e);
    }
    return new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), port);
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** Closes the listening port and every forwarded connection; new connections are refused. */
  public synchronized void cut() {
    if (server != null) {
      closeQuietly(server);
      server = null;
      try {
        acceptor.join(5_000); // the JDK defers the real close while a thread is in accept()
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
    LOG.info("TCP proxy 127.0.0.1:{} -> {} cut", port, target.getPort());
  }

  /** Listens again on the same port and forwards new connections. */
  public synchronized void restore() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      server = s;
      acceptor = daemon("tcp-proxy-accept-" + port, () -> accept(s));
      acceptor.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    LOG.info("TCP proxy 127.0.0.1:{} -> {} forwarding", port, target.getPort());
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        forward(s.accept());
      } catch (IOException e) {
        // closed by cut()
      }
    }
  }

  private void forward(Socket client) {
    Socket upstream;
    try {
      upstream = new Socket(target.getAddress(), target.getPort());
    } catch (IOException e) {
      closeQuietly(client); // the target refused: the client sees its connection end
      return;
    }
    open.add(client);
    open.add(upstream);
    daemon("tcp-proxy-up", () -> pump(client, upstream)).start();
    daemon("tcp-proxy-down", () -> pump(upstream, client)).start();
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // either side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    cut();
  }
}
