package io.sentimentstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children must not outlive a parent that is killed without running its shutdown hooks. */
@Tag("integration")
class ParentDeathIT {

  /** Parent process for the test: starts a stack, prints its children's pids, waits forever. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      LocalStack stack = LocalStack.start(Path.of(args[0]));
      System.out.println("PIDS " + stack.pids().get(0) + " " + stack.pids().get(1));
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void childrenExitWhenParentIsKilled(@TempDir Path dir) throws Exception {
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dregistry.app.dir=" + System.getProperty("registry.app.dir", ""),
                "-cp",
                System.getProperty("java.class.path"),
                Parent.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    List<Long> pids;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("PIDS ")) {
        // skip the parent's log lines
      }
      assertThat(line).as("parent printed its children's pids").isNotNull();
      pids = Arrays.stream(line.substring(5).split(" ")).map(Long::valueOf).toList();
    }
    assertThat(pids).allSatisfy(pid -> assertThat(isRunning(pid)).isTrue());

    parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks run

    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () -> assertThat(pids).allSatisfy(pid -> assertThat(isRunning(pid)).isFalse()));
  }

  private static boolean isRunning(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
