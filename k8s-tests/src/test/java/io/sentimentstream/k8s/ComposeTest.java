package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The Docker Compose files: nothing is published on the host's other interfaces (the broker is
 * plaintext and unauthenticated, the registry and the ops ports too), and the stack test's override
 * (host networking, where publishing is refused) resets every port compose.yml publishes.
 */
class ComposeTest {
  /** compose.test.yml's {@code !reset} tag (Compose's own extension to YAML). */
  private static final Object RESET = new Object();

  @Test
  void everyPublishedPortIsBoundToLoopbackOnly() throws IOException {
    List<String> published = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(Kustomize.root().resolve("docker"))) {
      files = s.filter(p -> p.getFileName().toString().matches("compose.*\\.ya?ml")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      services(f)
          .forEach(
              (name, svc) -> {
                if (svc.get("ports") instanceof List<?> ports) {
                  for (Object p : ports) {
                    String where = f.getFileName() + " " + name + " ports: " + p;
                    published.add(where);
                    if (p instanceof Map<?, ?> m) {
                      assertThat(m.get("host_ip")).as(where).isEqualTo("127.0.0.1");
                    } else {
                      assertThat(String.valueOf(p))
                          .as(where + " (without a host address: every interface)")
                          .startsWith("127.0.0.1:");
                    }
                  }
                }
              });
    }
    assertThat(published).as("ports published (else this checks nothing)").isNotEmpty();
  }

  @Test
  void theStackTestResetsEveryPublishedPortAndNothingElseUsesTheHostNetwork() throws IOException {
    Map<String, Map<String, Object>> main = services(docker("compose.yml"));
    Map<String, Map<String, Object>> test = services(docker("compose.test.yml"));
    TreeSet<String> publishing = new TreeSet<>();
    main.forEach(
        (name, svc) -> {
          assertThat(svc.get("network_mode"))
              .as("compose.yml " + name + ": host networking would expose every listener")
              .isNull();
          if (svc.containsKey("ports")) {
            publishing.add(name);
          }
        });
    assertThat(publishing).isNotEmpty();
    for (String name : publishing) {
      assertThat(test.get(name)).as("compose.test.yml service " + name).isNotNull();
      assertThat(test.get(name).get("ports"))
          .as("compose.test.yml " + name + ": ports: !reset [] (host networking cannot publish)")
          .isSameAs(RESET);
    }
  }

  private static Path docker(String file) {
    return Kustomize.root().resolve("docker").resolve(file);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services(Path file) {
    ConstructNode reset = node -> RESET;
    LoadSettings settings =
        LoadSettings.builder().setTagConstructors(Map.of(new Tag("!reset"), reset)).build();
    try {
      Object doc = new Load(settings).loadFromString(Files.readString(file));
      Object services = ((Map<String, Object>) doc).get("services");
      assertThat(services).as(file + " services").isInstanceOf(Map.class);
      return (Map<String, Map<String, Object>>) services;
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
