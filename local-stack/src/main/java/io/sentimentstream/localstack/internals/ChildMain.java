package io.sentimentstream.localstack.internals;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of every child JVM of the local stack: runs {@code args[0]}'s {@code main} with the
 * remaining arguments, and exits when the parent goes away.
 *
 * <p>A shutdown hook in the parent covers a normal exit, but not a parent killed with SIGKILL (an
 * IDE's stop button, a timed-out CI job). The parent holds the write end of this JVM's stdin, and
 * the OS closes it whenever the parent dies, so end-of-input here means "parent gone": exit, which
 * runs the service's own shutdown hooks. Runs on the child's classpath: JDK classes only.
 */
public final class ChildMain {
  private ChildMain() {}

  /** Watches stdin, then runs the service: {@code ChildMain <main class> [args...]}. */
  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      throw new IllegalArgumentException("Usage: ChildMain <main class> [args...]");
    }
    Thread watch = new Thread(ChildMain::exitWhenParentIsGone, "local-stack-parent-watch");
    watch.setDaemon(true);
    watch.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitWhenParentIsGone() {
    try {
      while (System.in.read() != -1) {
        // the parent never writes; anything read is ignored
      }
    } catch (IOException e) {
      // a broken pipe means the same as end of input
    }
    System.err.println("local-stack: parent process is gone (stdin closed); shutting down");
    System.exit(0);
  }
}
