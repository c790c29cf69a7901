package io.sentimentstream.localstack.internals;

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

  private ChildServices(
      Path registryApp,
      Path dir,
      KafkaBroker broker,
      SchemaRegistry registry,
      Duration brokerStartup,
      Duration registryStartup) {
    this.registryApp = registryApp;
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
    this.brokerStartup = brokerStartup;
    this.registryStartup = registryStartup;
  }

  /** Launches both side by side under {@code dir}; returns once both answer. */
  public static ChildServices start(Path registryApp, Path dir) {
    // One pick for all three ports, so the services cannot be handed the same one.
    long t0 = System.nanoTime();
    int[] ports = FreePorts.pick(3);
    // Both JVMs boot side by side: start-up costs the slower of the two, not the sum.
    SchemaRegistry registry = SchemaRegistry.launch(registryApp, dir.resolve("registry"), ports[2]);
    KafkaBroker broker = null;
    try {
      broker = KafkaBroker.launch(dir.resolve("kafka"), ports[0], ports[1]);
      broker.awaitReady();
      Duration brokerStartup = Duration.ofNanos(System.nanoTime() - t0);
      registry.awaitReady();
      Duration registryStartup = Duration.ofNanos(System.nanoTime() - t0);
      return new ChildServices(registryApp, dir, broker, registry, brokerStartup, registryStartup);
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
            registryApp, dir.resolve("registry-" + ++registryRestarts), registry.port());
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
