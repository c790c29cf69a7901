package io.sentimentstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link LocalStack} into test constructors and methods. One stack
 * is started per test JVM, on first use, and stopped when the JVM's tests are done.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class FooIT {
 *   @Test
 *   void x(LocalStack stack) { ... stack.bootstrapServers() ... stack.registryUrl() ... }
 * }
 * }</pre>
 *
 * <p>The stack's files go to a fresh directory under {@code target/local-stack/} of the working
 * directory (Maven runs tests in the module's directory), or under system property {@value
 * #DATA_DIR_PROPERTY} if set. They are kept after the run: the broker and registry logs are what
 * one reads when a test fails.
 */
public final class LocalStackExtension implements ParameterResolver {
  /** System property naming the parent directory for the stack's files. */
  public static final String DATA_DIR_PROPERTY = "localstack.data.dir";

  /**
   * System property choosing how the stack runs: {@code jvm} (default: child JVMs, no Docker) or
   * {@code docker} (the project's broker and registry images through Testcontainers, see {@link
   * LocalStack#startDocker}).
   */
  public static final String MODE_PROPERTY = "localstack.mode";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root context's store lives as long as the test JVM's launcher session: every test class
    // shares the one stack, and the store closes it at the end.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(StackResource.class, key -> new StackResource(), StackResource.class)
        .get();
  }

  /**
   * Holds the stack so the root store closes it when the test run ends. A failed start is kept too,
   * so every later test fails at once with the same cause instead of retrying the start.
   */
  private static final class StackResource implements ExtensionContext.Store.CloseableResource {
    private final LocalStack stack;
    private final RuntimeException failure;

    StackResource() {
      LocalStack started = null;
      RuntimeException failed = null;
      try {
        started = startStack(newDataDir());
      } catch (RuntimeException e) {
        failed = e;
      }
      this.stack = started;
      this.failure = failed;
    }

    LocalStack get() {
      if (failure != null) {
        throw new IllegalStateException("The local stack failed to start", failure);
      }
      return stack;
    }

    @Override
    public void close() {
      if (stack != null) {
        stack.close();
      }
    }
  }

  private static LocalStack startStack(Path dir) {
    String mode = System.getProperty(MODE_PROPERTY, "jvm").trim();
    return switch (mode) {
      case "jvm", "" -> LocalStack.start(dir);
      case "docker" -> LocalStack.startDocker(dir);
      default ->
          throw new IllegalArgumentException(
              "-D" + MODE_PROPERTY + "=" + mode + ": expected jvm (the default) or docker");
    };
  }

  private static Path newDataDir() {
    String configured = System.getProperty(DATA_DIR_PROPERTY);
    Path parent =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir"), "target", "local-stack");
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "run-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create a local stack directory under "
              + parent
              + " (-D"
              + DATA_DIR_PROPERTY
              + ")",
          e);
    }
  }
}
