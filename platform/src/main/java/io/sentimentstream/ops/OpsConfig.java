package io.sentimentstream.ops;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The ops endpoint's keys, declared once for every service that runs an {@link OpsServer}. */
public final class OpsConfig {
  /** Bind address of /health and /metrics. */
  public static final String OPS_HTTP_HOST = "ops.http.host";

  /** Port of /health and /metrics. */
  public static final String OPS_HTTP_PORT = "ops.http.port";

  private OpsConfig() {}

  /** Declares both keys in a service's ConfigDef, with that service's default port. */
  public static ConfigDef define(ConfigDef d, int defaultPort) {
    return d.define(
            OPS_HTTP_HOST,
            Type.STRING,
            "127.0.0.1",
            LOW,
            "Bind address of /health and /metrics; containers set 0.0.0.0 explicitly.")
        .define(
            OPS_HTTP_PORT,
            Type.INT,
            defaultPort,
            Range.between(0, 65_535),
            LOW,
            "Port of /health and /metrics (0 = any free port).");
  }
}
