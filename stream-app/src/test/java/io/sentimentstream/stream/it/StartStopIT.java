package io.sentimentstream.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentimentstream.localstack.LocalStack;
import io.sentimentstream.localstack.LocalStackExtension;
import io.sentimentstream.stream.SentimentStreamApp;
import io.sentimentstream.stream.StreamConfig;
import io.sentimentstream.stream.testing.ItSupport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A start that fails part-way leaves nothing running. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class StartStopIT {
  private static final Path WORK = Path.of("target", "it-start-stop").toAbsolutePath();

  @Test
  void aStartThatCannotBindTheOpsPortNamesTheKeyAndLeavesNoStreamThreadRunning(LocalStack stack)
      throws Exception {
    Path bundle =
        ItSupport.bundle(WORK.resolve("model"), ItSupport.head(ItSupport.encoderId(), 1, 1));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Map<String, Object> m = new HashMap<>();
      m.put(StreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
      m.put(StreamConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
      m.put(StreamConfig.APPLICATION_ID, "failed-start-app");
      m.put(StreamConfig.MODEL_BUNDLE_DIR, bundle.toString());
      m.put(StreamConfig.MODEL_DEVICE, "CPU");
      m.put(StreamConfig.MODEL_UPDATES_ENABLED, "false");
      m.put(StreamConfig.OPS_HTTP_HOST, "127.0.0.1");
      m.put(StreamConfig.OPS_HTTP_PORT, Integer.toString(taken.getLocalPort()));
      m.put("state.dir", WORK.resolve("state").toString());

      assertThatThrownBy(() -> SentimentStreamApp.start(new StreamConfig(m)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(StreamConfig.OPS_HTTP_PORT)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .as("no Kafka Streams thread of the failed app is left")
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("failed-start-app"));
  }
}
