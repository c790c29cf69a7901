package io.sentimentstream.localstack;

import io.sentimentstream.localstack.internals.ChildServices;
import io.sentimentstream.localstack.internals.DockerServices;
import io.sentimentstream.localstack.internals.RegistryAdmin;
import io.sentimentstream.localstack.internals.RegistryAppDir;
import io.sentimentstream.localstack.internals.StackServices;
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
  private final StackServices services;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private LocalStack(Path dataDir, StackServices services) {
    this.dataDir = dataDir;
    this.services = services;
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
    return started(dir, ChildServices.start(RegistryAppDir.locate(), dir));
  }

  /**
   * Like {@link #start(Path)}, and secured beside: the broker also listens with SASL_SSL
   * (SCRAM-SHA-512) and the registry also serves HTTPS, with a SCRAM user, a key pair and trust
   * stores generated for the run under {@code dataDir/tls} (see {@link #secure()}). The plain
   * listener and HTTP port stay on 127.0.0.1 for the stack's own administration ({@link
   * #createTopic}, readiness); clients under test use only {@link SecureEndpoints#clientConfig()}.
   */
  public static LocalStack startSecured(Path dataDir) {
    Path dir = createDirectories(dataDir.toAbsolutePath());
    LocalStack stack = started(dir, ChildServices.start(RegistryAppDir.locate(), dir, true));
    LOG.info(
        "Secured endpoints: Kafka SASL_SSL ({}) at {}, schema registry at {}, trust store {}",
        SecureEndpoints.MECHANISM,
        stack.secure().bootstrapServers(),
        stack.secure().registryUrl(),
        stack.secure().tls().truststore());
    return stack;
  }

  /**
   * Returns the SASL_SSL and HTTPS endpoints of a stack from {@link #startSecured}.
   *
   * @throws IllegalStateException if this stack was started without them
   */
  public SecureEndpoints secure() {
    SecureEndpoints s = services.secure();
    if (s == null) {
      throw new IllegalStateException("this local stack was not started with startSecured");
    }
    return s;
  }

  /**
   * Like {@link #start(Path)}, but the broker and the registry are the project's own Docker images
   * ({@code sentiment-stream/broker}, {@code sentiment-stream/registry}, built by {@code
   * docker/test-stack.sh}) started through Testcontainers on the host network, bound to 127.0.0.1.
   * Needs a Docker engine ({@code DOCKER_HOST}); nothing is pulled.
   */
  public static LocalStack startDocker(Path dataDir) {
    Path dir = createDirectories(dataDir.toAbsolutePath());
    return started(dir, DockerServices.start(dir));
  }

  private static LocalStack started(Path dir, StackServices services) {
    try {
      RegistryAdmin.setGlobalCompatibility(services.registryUrl(), "BACKWARD");
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
    LocalStack stack = new LocalStack(dir, services);
    LOG.info(
        "Local stack up: Kafka at {} (ready after {} ms), schema registry at {} (ready after {} ms),"
            + " files in {}",
        stack.bootstrapServers(),
        services.brokerStartup().toMillis(),
        stack.registryUrl(),
        services.registryStartup().toMillis(),
        dir);
    return stack;
  }

  /**
   * Leaves stopping the stack to the caller: removes the JVM shutdown hook that would otherwise
   * stop the broker and the registry as soon as the JVM begins to exit, alongside (not after) the
   * caller's own hooks. A caller whose shutdown hook first closes a client of the stack (the demo
   * closes the stream app) and then {@link #close()}s it calls this, so the client is not left
   * talking to a stopped broker. If the JVM dies without closing it, the children still exit: they
   * watch their stdin.
   *
   * @return this stack
   */
  public LocalStack closedByCaller() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
    return this;
  }

  /**
   * Stops the schema registry (an outage drill); {@link #startRegistry} brings it back on the same
   * port. The local registry keeps schemas in memory: it comes back empty.
   */
  public void stopRegistry() {
    services.stopRegistry();
    LOG.info("Schema registry at {} stopped", registryUrl());
  }

  /** Starts the registry again on its port, empty, and returns once it answers. */
  public void startRegistry() {
    services.startRegistry();
    RegistryAdmin.setGlobalCompatibility(services.registryUrl(), "BACKWARD");
    LOG.info("Schema registry at {} started again (empty)", registryUrl());
  }

  /**
   * Stops the broker (a broker restart drill): with {@code kill} false a clean shutdown (SIGTERM,
   * up to 20 s), with {@code kill} true SIGKILL. {@link #startBroker} brings it back on the same
   * port with the same data directory: topics, records and committed offsets are kept.
   */
  public void stopBroker(boolean kill) {
    services.stopBroker(kill);
    LOG.info("Kafka broker at {} {}", bootstrapServers(), kill ? "killed" : "stopped");
  }

  /** Starts the broker again on its port with its data and returns once it answers. */
  public void startBroker() {
    services.startBroker();
    LOG.info("Kafka broker at {} started again (same data)", bootstrapServers());
  }

  /** Returns the broker's bootstrap servers, {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return services.bootstrapServers();
  }

  /** Returns the registry's Confluent-compatible base URL ({@code .../apis/ccompat/v7}). */
  public String registryUrl() {
    return services.registryUrl();
  }

  /** Returns the directory holding the stack's data and logs. */
  public Path dataDir() {
    return dataDir;
  }

  /** Returns the time from launch until the broker answered. */
  public Duration brokerStartup() {
    return services.brokerStartup();
  }

  /** Returns the time from launch until the registry answered (it starts alongside the broker). */
  public Duration registryStartup() {
    return services.registryStartup();
  }

  /** Returns the ports the stack listens on: broker client port and registry HTTP port. */
  public List<Integer> ports() {
    return services.ports();
  }

  /** Returns the process ids of the broker and registry JVMs. */
  public List<Long> pids() {
    return services.pids();
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
    services.close();
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
