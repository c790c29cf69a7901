package io.sentimentstream.k8s;

import static org.junit.jupiter.api.Assumptions.abort;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders an overlay of {@code k8s/} with {@code kubectl kustomize} (offline, no cluster) and
 * parses every object with the fabric8 Kubernetes model. Without kubectl the calling test is
 * skipped with a message that says so.
 */
final class Kustomize {
  static final List<String> OVERLAYS = List.of("dev", "prod", "gpu");

  /** The kubectl binary ({@code -Dkubectl=/path/to/kubectl}; default: the one on the PATH). */
  private static final String KUBECTL = System.getProperty("kubectl", "kubectl");

  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Kustomize() {}

  /** The repository root (the build passes it as {@code project.root}). */
  static Path root() {
    return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  }

  /** The rendered objects of {@code k8s/overlays/<overlay>}, rendered once per test JVM. */
  static Rendered overlay(String overlay) {
    return CACHE.computeIfAbsent(
        overlay, o -> parse(o, render(root().resolve("k8s/overlays/" + o))));
  }

  private static String render(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no overlay at " + dir);
    }
    Process p;
    try {
      p = new ProcessBuilder(KUBECTL, "kustomize", dir.toString()).start();
    } catch (IOException e) {
      abort(
          KUBECTL
              + " cannot be run, so k8s/ was NOT validated (install kubectl, which includes"
              + " kustomize, to run these checks): "
              + e.getMessage());
      throw new AssertionError("unreachable");
    }
    try {
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("kubectl kustomize " + dir, e);
    }
  }

  private static Rendered parse(String overlay, String yaml) {
    Object parsed =
        SERIALIZATION.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    List<HasMetadata> objects;
    if (parsed instanceof List<?> list) {
      objects = list.stream().map(HasMetadata.class::cast).toList();
    } else {
      objects = List.of((HasMetadata) parsed);
    }
    return new Rendered(overlay, objects);
  }
}
