package io.sentimentstream.localstack.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryAppDirTest {
  @TempDir Path root;

  private Path fakeBuild(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("quarkus-run.jar"), "not really a jar");
    return dir;
  }

  @Test
  void systemPropertyWinsOverEnvironmentAndWorkingDirectory() throws Exception {
    Path byProperty = fakeBuild(root.resolve("a"));
    Path byEnv = fakeBuild(root.resolve("b"));
    assertThat(RegistryAppDir.locate(byProperty.toString(), byEnv.toString(), root))
        .isEqualTo(byProperty);
  }

  @Test
  void environmentVariableIsUsedWithoutSystemProperty() throws Exception {
    Path byEnv = fakeBuild(root.resolve("b"));
    assertThat(RegistryAppDir.locate(null, byEnv.toString(), root)).isEqualTo(byEnv);
  }

  @Test
  void findsTheBuildWalkingUpFromTheWorkingDirectory() throws Exception {
    Path build = fakeBuild(root.resolve(RegistryAppDir.RELATIVE));
    Path moduleDir = Files.createDirectories(root.resolve("stream-app").resolve("target"));
    assertThat(RegistryAppDir.locate(null, "", moduleDir)).isEqualTo(build.toAbsolutePath());
  }

  @Test
  void missingBuildFailsWithHowToBuildIt() {
    assertThatThrownBy(() -> RegistryAppDir.locate(null, null, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registry.app.dir")
        .hasMessageContaining("SENTIMENT_REGISTRY_APP_DIR")
        .hasMessageContaining("mvn -B -q -pl local-stack/registry package");
  }

  @Test
  void propertyNamingADirectoryWithoutTheJarFailsNamingTheProperty() {
    assertThatThrownBy(() -> RegistryAppDir.locate(root.toString(), null, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("system property registry.app.dir")
        .hasMessageContaining(root.resolve("quarkus-run.jar").toString());
  }
}
