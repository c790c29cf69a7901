package io.sentimentstream.localstack.internals;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the schema registry's Quarkus fast-jar directory (the one holding {@code quarkus-run.jar}),
 * built by the {@code local-stack/registry} module.
 */
public final class RegistryAppDir {
  /** System property naming the directory; wins over everything else. */
  public static final String PROPERTY = "registry.app.dir";

  /** Environment variable naming the directory when the system property is not set. */
  public static final String ENV = "SENTIMENT_REGISTRY_APP_DIR";

  static final Path RELATIVE = Path.of("local-stack", "registry", "target", "quarkus-app");
  static final String RUN_JAR = "quarkus-run.jar";
  private static final String HOW_TO_BUILD =
      "build it with `mvn -B -q -pl local-stack/registry package` at the project root";

  private RegistryAppDir() {}

  /** Locates the directory from this JVM's system property, environment and working directory. */
  public static Path locate() {
    return locate(
        System.getProperty(PROPERTY), System.getenv(ENV), Path.of(System.getProperty("user.dir")));
  }

  /**
   * Locates the directory: {@code property} if set, else {@code env} if set, else the first {@code
   * local-stack/registry/target/quarkus-app} found walking up from {@code start}.
   *
   * @throws IllegalStateException naming where it looked and how to build the registry
   */
  public static Path locate(String property, String env, Path start) {
    if (property != null && !property.isBlank()) {
      return checked(Path.of(property), "system property " + PROPERTY);
    }
    if (env != null && !env.isBlank()) {
      return checked(Path.of(env), "environment variable " + ENV);
    }
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate.resolve(RUN_JAR))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Cannot find the schema registry build: no "
            + RELATIVE.resolve(RUN_JAR)
            + " in "
            + start.toAbsolutePath()
            + " or any parent, and neither -D"
            + PROPERTY
            + " nor "
            + ENV
            + " is set; "
            + HOW_TO_BUILD);
  }

  private static Path checked(Path dir, String source) {
    if (!Files.isRegularFile(dir.resolve(RUN_JAR))) {
      throw new IllegalStateException(
          "The schema registry build named by "
              + source
              + " has no "
              + dir.resolve(RUN_JAR)
              + "; "
              + HOW_TO_BUILD);
    }
    return dir;
  }
}
