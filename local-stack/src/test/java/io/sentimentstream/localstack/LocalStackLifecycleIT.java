package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sentimentstream.localstack.internals.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts and stops a stack of its own (not the shared one) to check what close() leaves behind. */
@Tag("integration")
class LocalStackLifecycleIT {

  @Test
  void closeStopsBothProcessesAndFreesTheirPorts(@TempDir Path dir) {
    LocalStack stack = LocalStack.start(dir);
    List<Long> pids = stack.pids();
    List<Integer> ports = stack.ports();
    System.out.printf(
        "Local stack start-up: broker %d ms, registry %d ms (launched together)%n",
        stack.brokerStartup().toMillis(), stack.registryStartup().toMillis());
    assertThat(pids).allSatisfy(pid -> assertThat(isRunning(pid)).isTrue());
    assertThat(ports).allSatisfy(port -> assertThat(FreePorts.isClosed(port)).isFalse());

    stack.close();

    assertThat(pids).allSatisfy(pid -> assertThat(isRunning(pid)).isFalse());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(ports)
                    .allSatisfy(port -> assertThat(FreePorts.isClosed(port)).isTrue()));
    assertThat(dir.resolve("kafka/broker.log")).isNotEmptyFile();
    assertThat(dir.resolve("registry/registry.log")).isNotEmptyFile();
    stack.close(); // idempotent
  }

  @Test
  void brokerShutsDownCleanlyOnClose(@TempDir Path dir) throws Exception {
    try (LocalStack stack = LocalStack.start(dir)) {
      assertThat(stack.dataDir()).isEqualTo(dir.toAbsolutePath());
    }
    // SIGTERM lets the broker run its shutdown; a kill would leave no such line.
    assertThat(Files.readString(dir.resolve("kafka/broker.log"))).contains("shut down completed");
  }

  @Test
  void restartsEmptyInADirectoryAnEarlierStackUsed(@TempDir Path dir) throws Exception {
    try (LocalStack first = LocalStack.start(dir)) {
      first.createTopic("left-over", 1, Map.of());
    }
    try (LocalStack second = LocalStack.start(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", second.bootstrapServers()))) {
      // The registry forgets its schemas on restart, so old records must not survive either.
      assertThat(admin.listTopics().names().get()).doesNotContain("left-over");
    }
  }

  private static boolean isRunning(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
