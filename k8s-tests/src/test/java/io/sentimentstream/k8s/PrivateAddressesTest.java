package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No manifest names a private-range address (10/8, 172.16/12, 192.168/16): they differ from one
 * cluster or host to the next, and an address block in a NetworkPolicy would open more than the
 * pods it means. Peers are chosen by label instead ({@link NetworkPolicyTest}).
 */
class PrivateAddressesTest {
  private static final Pattern PRIVATE =
      Pattern.compile(
          "(?<![\\d.])(10\\.\\d{1,3}|172\\.(1[6-9]|2\\d|3[01])|192\\.168)\\.\\d{1,3}\\.\\d{1,3}"
              + "(?!\\d)");

  @Test
  void noManifestNamesAPrivateAddress() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> k8s = Files.walk(Kustomize.root().resolve("k8s"));
        Stream<Path> docker = Files.list(Kustomize.root().resolve("docker"))) {
      k8s.filter(Files::isRegularFile).forEach(files::add);
      docker
          .filter(p -> p.getFileName().toString().matches("compose.*\\.ya?ml"))
          .forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(10);
    List<String> found = new ArrayList<>();
    for (Path f : files) {
      Matcher m = PRIVATE.matcher(Files.readString(f));
      while (m.find()) {
        found.add(Kustomize.root().relativize(f) + ": " + m.group());
      }
    }
    assertThat(found).as("private-range addresses").isEmpty();
  }
}
