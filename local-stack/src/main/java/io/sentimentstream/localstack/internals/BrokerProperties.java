package io.sentimentstream.localstack.internals;

import io.sentimentstream.localstack.TlsMaterial;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the {@code server.properties} of a single-node KRaft broker that is both broker and
 * controller and listens on 127.0.0.1 only.
 *
 * <p>The replication overrides matter: Kafka's internal topics default to replication factor 3 (and
 * a min ISR of 2 for transactions), which one node cannot satisfy, so consumer groups, transactions
 * and Kafka Streams under exactly-once would never become ready.
 */
public final class BrokerProperties {
  private BrokerProperties() {}

  /** Returns the broker's settings, in a stable order, for the given ports and log directory. */
  public static Map<String, String> of(int brokerPort, int controllerPort, Path logDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Consumers and Streams apps in tests join alone: do not hold the first rebalance back 3 s.
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MiB dedupe buffer is sized for production; a test broker's
    // compacted topics are tiny, and the heap is better left small.
    p.put("log.cleaner.dedupe.buffer.size", "16777216");
    return p;
  }

  /**
   * Adds a SASL_SSL listener on {@code securePort} (SCRAM-SHA-512, the key pair of {@code tls}) to
   * settings from {@link #of}. The PLAINTEXT listener stays, for the broker's own traffic and the
   * stack's administration on 127.0.0.1 (topics, readiness, SCRAM users).
   */
  public static Map<String, String> withSaslSsl(
      Map<String, String> p, int securePort, TlsMaterial tls) {
    Map<String, String> s = new LinkedHashMap<>(p);
    String secure = "SASL_SSL://127.0.0.1:" + securePort;
    s.put("listeners", p.get("listeners") + "," + secure);
    s.put("advertised.listeners", p.get("advertised.listeners") + "," + secure);
    s.put(
        "listener.security.protocol.map",
        p.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
    s.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    s.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    s.put("ssl.keystore.location", tls.keystore().toAbsolutePath().toString());
    s.put("ssl.keystore.password", tls.password());
    s.put("ssl.key.password", tls.password());
    s.put("ssl.keystore.type", tls.type());
    return s;
  }

  /** Renders settings as a properties file body (one {@code key=value} per line). */
  public static String render(Map<String, String> properties) {
    return properties.entrySet().stream()
            .map(e -> e.getKey() + "=" + escape(e.getValue()))
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  // A backslash (a Windows path) starts an escape in a properties file and would be eaten on load.
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }
}
