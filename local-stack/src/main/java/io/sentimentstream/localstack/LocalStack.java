package io.sentimentstream.localstack;

import io.sentimentstream.localstack.internals.FreePorts;
import io.sentimentstream.localstack.internals.KafkaBroker;
import io.sentimentstream.localstack.internals.RegistryAppDir;
import io.sentimentstream.localstack.internals.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (single-node KRaft) and a real Confluent-compatible schema registry
 * (Apicurio) on 127.0.0.1, each in a child JVM, for tests and demos on a machine without Docker.
 *
 * <p>Both listen on free ports and keep their files (data, {@code broker.log}, {@code
 * registry.log}) under the directory given to {@link #start(Path)}. The registry's global
 * compatibility is set to {@code BACKWARD}, Confluent Schema Registry's default, so an incompatible
 * schema change is refused as it would be in production (HTTP 409; Apicurio's body carries {@code
 * error_code} 0, and a subject-level level does not lift the global one). {@link #close()} stops
 * both; a JVM shutdown hook does the same if the caller forgets, so the children never outlive a
 * normally exiting parent.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final Path dataDir;
  private final KafkaBroker broker;
  private volatile SchemaRegistry registry;
  private int registryRestarts;
  private final Duration brokerStartup;
  private final Duration registryStartup;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private LocalStack(
      Path dataDir,
      KafkaBroker broker,
      SchemaRegistry registry,
      Duration brokerStartup,
      Duration registryStartup) {
    this.dataDir = dataDir;
    this.broker = broker;
    this.registry = registry;
    this.brokerStartup = brokerStartup;
    this.registryStartup = registryStartup;
    this.shutdownHook = new Thread(this::stopChildren, "local-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the broker and the registry with their files under {@code dataDir} (created if missing)
   * and returns once both answer.
   *
   * @throws IllegalStateException if either fails to start, with the end of its log
   */
  public static LocalStack start(Path dataDir) {
    Path dir = createDirectories(dataDir.toAbsolutePath());
    Path registryApp = RegistryAppDir.locate();
    long t0 = System.nanoTime();
    // One pick for all three ports, so the services cannot be handed the same one.
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
      registry.setGlobalCompatibility("BACKWARD");
      LocalStack stack = new LocalStack(dir, broker, registry, brokerStartup, registryStartup);
      LOG.info(
          "Local stack up: Kafka at {} (ready after {} ms), schema registry at {} (ready after {} ms),"
              + " files in {}",
          stack.bootstrapServers(),
          brokerStartup.toMillis(),
          stack.registryUrl(),
          registryStartup.toMillis(),
          dir);
      return stack;
    } catch (RuntimeException e) {
      registry.close();
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /**
   * Stops the schema registry (an outage drill); {@link #startRegistry} brings it back on the same
   * port. The local registry keeps schemas in memory: it comes back empty.
   */
  public synchronized void stopRegistry() {
    registry.close();
    LOG.info("Schema registry on port {} stopped", registry.port());
  }

  /** Starts the registry again on its port, empty, and returns once it answers. */
  public synchronized void startRegistry() {
    int port = registry.port();
    SchemaRegistry next =
        SchemaRegistry.launch(
            RegistryAppDir.locate(), dataDir.resolve("registry-" + ++registryRestarts), port);
    try {
      next.awaitReady();
      next.setGlobalCompatibility("BACKWARD");
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
    registry = next;
    LOG.info("Schema registry on port {} started again (empty)", port);
  }

  /** Returns the broker's bootstrap servers, {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Returns the registry's Confluent-compatible base URL ({@code .../apis/ccompat/v7}). */
  public String registryUrl() {
    return registry.url();
  }

  /** Returns the directory holding the stack's data and logs. */
  public Path dataDir() {
    return dataDir;
  }

  /** Returns the time from launch until the broker answered. */
  public Duration brokerStartup() {
    return brokerStartup;
  }

  /** Returns the time from launch until the registry answered (it starts alongside the broker). */
  public Duration registryStartup() {
    return registryStartup;
  }

  /** Returns the ports the stack listens on: broker client port and registry HTTP port. */
  public List<Integer> ports() {
    return List.of(broker.port(), registry.port());
  }

  /** Returns the process ids of the broker and registry JVMs. */
  public List<Long> pids() {
    return List.of(broker.process().pid(), registry.process().pid());
  }

  /**
   * Creates a topic with replication factor 1 and waits until the broker confirms it.
   *
   * @param configs topic-level settings, e.g. {@code cleanup.policy=compact}
   * @throws IllegalStateException if the broker refuses (e.g. the topic exists), with its reason
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "Cannot create topic " + name + " on " + bootstrapServers() + ": " + cause.getMessage(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + name, e);
    }
  }

  /** Stops the broker (cleanly, SIGTERM first) and the registry; idempotent. */
  @Override
  public void close() {
    stopChildren();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) anyway
    }
  }

  private synchronized void stopChildren() {
    if (closed) {
      return;
    }
    closed = true;
    // Independent processes: stop them side by side so close() costs the slower of the two.
    Thread registryStopper = new Thread(registry::close, "local-stack-registry-stop");
    registryStopper.start();
    broker.close();
    try {
      registryStopper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Local stack in {} stopped", dataDir);
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create local stack directory " + dir, e);
    }
  }
}
