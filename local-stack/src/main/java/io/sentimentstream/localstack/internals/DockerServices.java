package io.sentimentstream.localstack.internals;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker and the registry as the project's own Docker images ({@code docker/broker}, {@code
 * docker/registry}), started through Testcontainers on the host network, bound to 127.0.0.1 on free
 * ports, with read-only root filesystems. Nothing is pulled: the images must exist locally
 * (docker/test-stack.sh builds them). Their logs are written to {@code dir} when they stop.
 */
public final class DockerServices implements StackServices {
  /** System property overriding the broker image. */
  public static final String BROKER_IMAGE_PROPERTY = "localstack.broker.image";

  /** System property overriding the registry image. */
  public static final String REGISTRY_IMAGE_PROPERTY = "localstack.registry.image";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Path dir;
  private final GenericContainer<?> broker;
  private final GenericContainer<?> registry;
  private final int brokerPort;
  private final int registryPort;
  private Duration startup = Duration.ZERO;

  private DockerServices(
      Path dir, GenericContainer<?> broker, GenericContainer<?> registry, int[] ports) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
    this.brokerPort = ports[0];
    this.registryPort = ports[2];
  }

  /** Starts both containers side by side and returns once both are healthy and Kafka answers. */
  public static DockerServices start(Path dir) {
    int[] ports = FreePorts.pick(3);
    GenericContainer<?> broker =
        container(System.getProperty(BROKER_IMAGE_PROPERTY, "sentiment-stream/broker:0.1.0"))
            .withEnv(brokerEnv(ports[0], ports[1]));
    GenericContainer<?> registry =
        container(System.getProperty(REGISTRY_IMAGE_PROPERTY, "sentiment-stream/registry:0.1.0"))
            // in memory, like the child-JVM registry: every run starts empty
            .withEnv("REGISTRY_DATASOURCE_URL", "jdbc:h2:mem:registry_db")
            .withEnv("QUARKUS_HTTP_HOST", "127.0.0.1")
            .withEnv("QUARKUS_HTTP_PORT", Integer.toString(ports[2]));
    DockerServices services = new DockerServices(dir, broker, registry, ports);
    long t0 = System.nanoTime();
    try {
      Startables.deepStart(broker, registry).join();
      KafkaBroker.awaitAnswer("127.0.0.1:" + ports[0], START_TIMEOUT);
      services.startup = Duration.ofNanos(System.nanoTime() - t0);
      return services;
    } catch (RuntimeException e) {
      services.close();
      throw new IllegalStateException(
          "The broker/registry containers did not start (logs in " + dir + ")", e);
    }
  }

  private static GenericContainer<?> container(String image) {
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetworkMode("host")
        .withTmpFs(Map.of("/tmp", "rw"))
        .withCreateContainerCmdModifier(
            cmd ->
                cmd.getHostConfig()
                    .withReadonlyRootfs(true)
                    .withCapDrop(Capability.ALL)
                    .withSecurityOpts(List.of("no-new-privileges")))
        .waitingFor(Wait.forHealthcheck().withStartupTimeout(START_TIMEOUT));
  }

  // The official apache/kafka image's variables (see docker/broker/kafka-run), all on 127.0.0.1.
  private static Map<String, String> brokerEnv(int port, int controllerPort) {
    return Map.of(
        "KAFKA_LISTENERS",
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "KAFKA_ADVERTISED_LISTENERS",
        "PLAINTEXT://127.0.0.1:" + port,
        "KAFKA_CONTROLLER_QUORUM_VOTERS",
        "1@127.0.0.1:" + controllerPort,
        "KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS",
        "1",
        "KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS",
        "1",
        "KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE",
        "16777216");
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  public String registryUrl() {
    return "http://127.0.0.1:" + registryPort + SchemaRegistry.CCOMPAT;
  }

  @Override
  public List<Integer> ports() {
    return List.of(brokerPort, registryPort);
  }

  /** Both containers start side by side: the time until both were healthy and Kafka answered. */
  @Override
  public Duration brokerStartup() {
    return startup;
  }

  @Override
  public Duration registryStartup() {
    return startup;
  }

  @Override
  public List<Long> pids() {
    return List.of(pid(broker), pid(registry));
  }

  private static long pid(GenericContainer<?> c) {
    return c.getContainerInfo().getState().getPidLong();
  }

  /** Writes each container's log under the directory, then stops and removes both. */
  @Override
  public void stopRegistry() {
    throw new UnsupportedOperationException("registry restarts are drilled on the child-JVM stack");
  }

  @Override
  public void startRegistry() {
    throw new UnsupportedOperationException("registry restarts are drilled on the child-JVM stack");
  }

  @Override
  public void close() {
    for (var e : Map.of("broker.log", broker, "registry.log", registry).entrySet()) {
      GenericContainer<?> c = e.getValue();
      try {
        if (c.getContainerId() != null) {
          Files.writeString(dir.resolve(e.getKey()), c.getLogs(), StandardCharsets.UTF_8);
        }
      } catch (IOException | RuntimeException ex) {
        // the log is a convenience; stopping matters more
      }
      c.stop();
    }
  }
}
