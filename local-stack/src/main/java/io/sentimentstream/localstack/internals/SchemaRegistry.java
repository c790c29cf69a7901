package io.sentimentstream.localstack.internals;

import io.sentimentstream.localstack.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Apicurio Registry (in-memory storage) in a child JVM, reached through its Confluent-compatible
 * API at {@code /apis/ccompat/v7}.
 */
public final class SchemaRegistry implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /** The path of the Confluent-compatible API. */
  public static final String CCOMPAT = "/apis/ccompat/v7";

  private final ChildProcess process;
  private final int port;
  private final Https https;

  /** An HTTPS port and the key pair it presents. */
  public record Https(int port, TlsMaterial tls) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private SchemaRegistry(ChildProcess process, int port, Https https) {
    this.process = process;
    this.port = port;
    this.https = https;
  }

  /**
   * Starts the registry from {@code appDir/quarkus-run.jar} on {@code port}, logging to {@code
   * dir/registry.log}; returns without waiting for it to be ready (see {@link #awaitReady()}).
   */
  public static SchemaRegistry launch(Path appDir, Path dir, int port) {
    return launch(appDir, dir, port, null);
  }

  /**
   * Like {@link #launch(Path, Path, int)}, also serving HTTPS when {@code https} is not null. The
   * plain port stays, on 127.0.0.1, for the stack's readiness check and administration.
   */
  public static SchemaRegistry launch(Path appDir, Path dir, int port, Https https) {
    List<String> options = new ArrayList<>();
    options.add("-Dquarkus.http.host=127.0.0.1");
    options.add("-Dquarkus.http.port=" + port);
    if (https != null) {
      TlsMaterial tls = https.tls();
      options.add("-Dquarkus.http.ssl-port=" + https.port());
      options.add(
          "-Dquarkus.http.ssl.certificate.key-store-file=" + tls.keystore().toAbsolutePath());
      options.add("-Dquarkus.http.ssl.certificate.key-store-file-type=" + tls.type());
      options.add("-Dquarkus.http.ssl.certificate.key-store-password=" + tls.password());
    }
    // quarkus-run.jar's manifest Class-Path brings in the rest of the fast-jar.
    List<String> command =
        JavaCommand.of(
            "384m",
            appDir.resolve(RegistryAppDir.RUN_JAR).toAbsolutePath().toString(),
            options,
            "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
            List.of());
    return new SchemaRegistry(
        ChildProcess.start("Schema registry", command, dir.resolve("registry.log"), STOP_GRACE),
        port,
        https);
  }

  /** Returns the Confluent-compatible base URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
  public String url() {
    return "http://127.0.0.1:" + port + CCOMPAT;
  }

  /** Returns the Confluent-compatible base URL over HTTPS, or null without an HTTPS port. */
  public String httpsUrl() {
    return https == null ? null : "https://127.0.0.1:" + https.port() + CCOMPAT;
  }

  /** Returns the HTTPS settings this registry was launched with, or null. */
  public Https https() {
    return https;
  }

  /** Returns the registry's HTTP port. */
  public int port() {
    return port;
  }

  /** Returns the registry JVM's process. */
  public ChildProcess process() {
    return process;
  }

  /** Blocks until {@code GET /subjects} answers 200, or fails quoting the registry's log. */
  public void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/subjects")).GET().build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(process.failure("exited before it was ready"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(process.failure("was not ready within " + READY_TIMEOUT));
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
      }
      ChildProcess.pause(100);
    }
  }

  /**
   * Sets the registry-wide compatibility level (e.g. {@code BACKWARD}) via {@code PUT /config}.
   *
   * @throws IllegalStateException with the registry's answer if it refuses
   */
  public void setGlobalCompatibility(String level) {
    RegistryAdmin.setGlobalCompatibility(url(), level);
  }

  /** Stops the registry: SIGTERM, then a kill after a grace period. */
  @Override
  public void close() {
    process.close();
  }
}
