package io.sentimentstream.localstack.internals;

import io.sentimentstream.localstack.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in a child JVM, started from the {@code kafka_2.13} jars: the
 * child formats its storage with {@code kafka.tools.StorageTool}, then runs {@code kafka.Kafka}
 * (see {@link KafkaServerMain}).
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  // log4j2's own shutdown hook would stop logging while Kafka's hook is still shutting down.
  private static final String LOG4J2 =
      "status = warn\n"
          + "shutdownHook = disable\n"
          + "appender.out.type = Console\n"
          + "appender.out.name = out\n"
          + "appender.out.layout.type = PatternLayout\n"
          + "appender.out.layout.pattern = [%d] %p %m (%c)%n\n"
          + "rootLogger.level = info\n"
          + "rootLogger.appenderRef.out.ref = out\n";

  private final ChildProcess process;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String clusterId;
  private final SaslSsl secure;

  /** A SASL_SSL listener: its port and the key pair it presents. */
  public record SaslSsl(int port, TlsMaterial tls) {}

  private KafkaBroker(
      ChildProcess process,
      Path dir,
      int port,
      int controllerPort,
      String clusterId,
      SaslSsl secure) {
    this.process = process;
    this.dir = dir;
    this.clusterId = clusterId;
    this.port = port;
    this.controllerPort = controllerPort;
    this.secure = secure;
  }

  /**
   * Starts an empty broker with its files under {@code dir}. Data left by an earlier run is
   * deleted: the registry keeps schemas in memory only, so old records would name schema ids that
   * no longer exist (and the old storage carries another cluster id). listening for clients on
   * {@code port} and for its controller role on {@code controllerPort}; returns without waiting for
   * it to be ready (see {@link #awaitReady()}).
   */
  public static KafkaBroker launch(Path dir, int port, int controllerPort) {
    return launch(dir, port, controllerPort, null);
  }

  /**
   * Like {@link #launch(Path, int, int)}, with a SASL_SSL listener beside the plain one when {@code
   * secure} is not null (SCRAM users: {@link #upsertScramUser}).
   */
  public static KafkaBroker launch(Path dir, int port, int controllerPort, SaslSsl secure) {
    deleteRecursively(dir.resolve("data"));
    return start(dir, port, controllerPort, Uuid.randomUuid().toString(), secure);
  }

  /**
   * Starts this broker again on the same ports and the same data directory (a broker restart
   * drill): the storage is already formatted, so the cluster id and every topic are kept. Returns
   * without waiting (see {@link #awaitReady()}).
   *
   * @throws IllegalStateException if this broker is still running
   */
  public KafkaBroker restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("the Kafka broker on port " + port + " is still running");
    }
    return start(dir, port, controllerPort, clusterId, secure);
  }

  private static KafkaBroker start(
      Path dir, int port, int controllerPort, String clusterId, SaslSsl secure) {
    Path properties = dir.resolve("server.properties");
    Path log4j = dir.resolve("log4j2.properties");
    Path logFile = dir.resolve("broker.log");
    Map<String, String> settings = BrokerProperties.of(port, controllerPort, dir.resolve("data"));
    if (secure != null) {
      settings = BrokerProperties.withSaslSsl(settings, secure.port(), secure.tls());
    }
    write(properties, BrokerProperties.render(settings));
    write(log4j, LOG4J2);
    List<String> command =
        JavaCommand.of(
            "768m",
            BrokerClasspath.get(),
            List.of("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath()),
            KafkaServerMain.class.getName(),
            List.of(clusterId, properties.toAbsolutePath().toString()));
    ChildProcess child = ChildProcess.start("Kafka broker", command, logFile, STOP_GRACE);
    return new KafkaBroker(child, dir, port, controllerPort, clusterId, secure);
  }

  /** Returns {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * Creates or updates a SCRAM-SHA-512 user through the plain listener and waits until the broker
   * lists it. The credential lives in the cluster metadata, so it survives a broker restart.
   */
  public void upsertScramUser(String user, String password) {
    ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
    try (Admin admin = Admin.create(adminConfig())) {
      admin
          .alterUserScramCredentials(
              List.of(new UserScramCredentialUpsertion(user, info, password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      admin.describeUserScramCredentials(List.of(user)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create the SCRAM user " + user + " on " + bootstrapServers() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating a SCRAM user", e);
    }
  }

  /** Returns the SASL_SSL listener's {@code 127.0.0.1:<port>}, or null without one. */
  public String secureBootstrapServers() {
    return secure == null ? null : "127.0.0.1:" + secure.port();
  }

  /** Returns the broker's client port. */
  public int port() {
    return port;
  }

  /** Returns the broker JVM's process. */
  public ChildProcess process() {
    return process;
  }

  /** Blocks until the broker answers {@code describeCluster}, or fails quoting its log. */
  public void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    // Wait for the socket first: an Admin pointed at a closed port logs a warning per retry.
    while (FreePorts.isClosed(port)) {
      checkProgress(deadline);
      ChildProcess.pause(50);
    }
    try (Admin admin = Admin.create(adminConfig())) {
      while (true) {
        checkProgress(deadline);
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          ChildProcess.pause(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  /**
   * Blocks until a broker at {@code bootstrapServers} answers {@code describeCluster}, for one
   * started elsewhere (a container).
   *
   * @throws IllegalStateException if it does not within {@code timeout}
   */
  public static void awaitAnswer(String bootstrapServers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminConfig(bootstrapServers))) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka at " + bootstrapServers + " did not answer within " + timeout, e);
          }
          ChildProcess.pause(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  private Map<String, Object> adminConfig() {
    return adminConfig(bootstrapServers());
  }

  private static Map<String, Object> adminConfig(String bootstrapServers) {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
  }

  private void checkProgress(long deadline) {
    if (!process.isAlive()) {
      throw new IllegalStateException(process.failure("exited before it was ready"));
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(process.failure("was not ready within " + READY_TIMEOUT));
    }
  }

  /** Stops the broker: SIGTERM (a clean shutdown), then a kill after a grace period. */
  @Override
  public void close() {
    process.close();
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear old broker data in " + root, e);
    }
  }
}
