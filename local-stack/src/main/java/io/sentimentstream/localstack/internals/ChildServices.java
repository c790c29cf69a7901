package io.sentimentstream.localstack.internals;

import io.sentimentstream.localstack.SecureEndpoints;
import io.sentimentstream.localstack.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The broker and the registry as child JVMs of this one (the default, no Docker needed). */
public final class ChildServices implements StackServices {
  private volatile KafkaBroker broker;
  private final Path registryApp;
  private final Path dir;
  private volatile SchemaRegistry registry;
  private int registryRestarts;
  private final Duration brokerStartup;
  private final Duration registryStartup;
  private final SecureEndpoints secure;

  private ChildServices(
      Path registryApp,
      Path dir,
      KafkaBroker broker,
      SchemaRegistry registry,
      Duration brokerStartup,
      Duration registryStartup,
      SecureEndpoints secure) {
    this.registryApp = registryApp;
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
    this.brokerStartup = brokerStartup;
    this.registryStartup = registryStartup;
    this.secure = secure;
  }

  /** Launches both side by side under {@code dir}; returns once both answer. */
  public static ChildServices start(Path registryApp, Path dir) {
    return start(registryApp, dir, false);
  }

  /**
   * Like {@link #start(Path, Path)}; with {@code secured}, also a SASL_SSL listener on the broker
   * (a SCRAM-SHA-512 user made for the run) and an HTTPS port on the registry, with key and trust
   * stores generated under {@code dir/tls}.
   */
  public static ChildServices start(Path registryApp, Path dir, boolean secured) {
    // One pick for all ports, so the services cannot be handed the same one.
    long t0 = System.nanoTime();
    int[] ports = FreePorts.pick(5);
    TlsMaterial tls = secured ? TlsMaterial.generate(dir.resolve("tls")) : null;
    // Both JVMs boot side by side: start-up costs the slower of the two, not the sum.
    SchemaRegistry registry =
        SchemaRegistry.launch(
            registryApp,
            dir.resolve("registry"),
            ports[2],
            secured ? new SchemaRegistry.Https(ports[4], tls) : null);
    KafkaBroker broker = null;
    try {
      broker =
          KafkaBroker.launch(
              dir.resolve("kafka"),
              ports[0],
              ports[1],
              secured ? new KafkaBroker.SaslSsl(ports[3], tls) : null);
      broker.awaitReady();
      Duration brokerStartup = Duration.ofNanos(System.nanoTime() - t0);
      registry.awaitReady();
      Duration registryStartup = Duration.ofNanos(System.nanoTime() - t0);
      SecureEndpoints secure = null;
      if (secured) {
        if (FreePorts.isClosed(ports[4])) {
          throw new IllegalStateException(
              registry.process().failure("does not listen for HTTPS on port " + ports[4]));
        }
        String user = "sentiment";
        String password = TlsMaterial.randomSecret();
        broker.upsertScramUser(user, password);
        secure =
            new SecureEndpoints(
                broker.secureBootstrapServers(), registry.httpsUrl(), user, password, tls);
      }
      return new ChildServices(
          registryApp, dir, broker, registry, brokerStartup, registryStartup, secure);
    } catch (RuntimeException e) {
      registry.close();
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /** The local registry keeps schemas in memory: it comes back empty. */
  @Override
  public synchronized void stopRegistry() {
    registry.close();
  }

  @Override
  public synchronized void startRegistry() {
    SchemaRegistry next =
        SchemaRegistry.launch(
            registryApp,
            dir.resolve("registry-" + ++registryRestarts),
            registry.port(),
            registry.https());
    try {
      next.awaitReady();
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
    registry = next;
  }

  @Override
  public synchronized void stopBroker(boolean kill) {
    if (kill) {
      broker.process().kill();
    } else {
      broker.close();
    }
  }

  @Override
  public synchronized void startBroker() {
    KafkaBroker next = broker.restart();
    try {
      next.awaitReady();
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
    broker = next;
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String registryUrl() {
    return registry.url();
  }

  @Override
  public SecureEndpoints secure() {
    return secure;
  }

  @Override
  public List<Integer> ports() {
    return List.of(broker.port(), registry.port());
  }

  @Override
  public List<Long> pids() {
    return List.of(broker.process().pid(), registry.process().pid());
  }

  @Override
  public Duration brokerStartup() {
    return brokerStartup;
  }

  @Override
  public Duration registryStartup() {
    return registryStartup;
  }

  /** Stops both side by side, so closing costs the slower of the two. */
  @Override
  public void close() {
    Thread registryStopper = new Thread(registry::close, "local-stack-registry-stop");
    registryStopper.start();
    broker.close();
    try {
      registryStopper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
