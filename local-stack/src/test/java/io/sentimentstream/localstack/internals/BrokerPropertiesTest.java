package io.sentimentstream.localstack.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

  @Test
  void listensOnLoopbackOnlyOnTheGivenPorts() {
    Map<String, String> p = BrokerProperties.of(19092, 19093, Path.of("/data/kafka"));
    assertThat(p)
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
        .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:19093")
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("log.dirs", Path.of("/data/kafka").toAbsolutePath().toString());
  }

  @Test
  void internalTopicsFitOneNode() {
    Map<String, String> p = BrokerProperties.of(1, 2, Path.of("d"));
    assertThat(p)
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void renderedFileLoadsBackToTheSameSettings() throws Exception {
    Map<String, String> p = BrokerProperties.of(1, 2, Path.of("C:\\odd dir\\kafka=data"));
    Properties loaded = new Properties();
    loaded.load(new StringReader(BrokerProperties.render(p)));
    assertThat(loaded).containsExactlyInAnyOrderEntriesOf(p);
  }
}
