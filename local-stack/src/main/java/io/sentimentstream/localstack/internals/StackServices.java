package io.sentimentstream.localstack.internals;

import io.sentimentstream.localstack.SecureEndpoints;
import java.time.Duration;
import java.util.List;

/** A running broker + registry pair, whichever way it was started (child JVMs or containers). */
public interface StackServices extends AutoCloseable {
  /** {@code 127.0.0.1:<port>}. */
  String bootstrapServers();

  /** The registry's Confluent-compatible base URL. */
  String registryUrl();

  /** The SASL_SSL and HTTPS endpoints, or null when the stack was started without them. */
  default SecureEndpoints secure() {
    return null;
  }

  /** Broker client port and registry HTTP port. */
  List<Integer> ports();

  /** Process ids (on this machine) of the broker and the registry. */
  List<Long> pids();

  /** Time from launch until the broker answered. */
  Duration brokerStartup();

  /** Time from launch until the registry answered (it starts alongside the broker). */
  Duration registryStartup();

  /**
   * Stops the registry (an outage drill); {@link #startRegistry} brings it back on the same port.
   *
   * @throws UnsupportedOperationException where the services cannot do that
   */
  void stopRegistry();

  /** Starts the registry again on its port and returns once it answers. */
  void startRegistry();

  /**
   * Stops the broker (a broker restart drill): SIGTERM and a clean shutdown, or with {@code kill}
   * SIGKILL; {@link #startBroker} brings it back on the same port with the same data.
   *
   * @throws UnsupportedOperationException where the services cannot do that
   */
  default void stopBroker(boolean kill) {
    throw new UnsupportedOperationException("broker restarts are drilled on the child-JVM stack");
  }

  /** Starts the broker again on its port with its data and returns once it answers. */
  default void startBroker() {
    throw new UnsupportedOperationException("broker restarts are drilled on the child-JVM stack");
  }

  /** Stops both; idempotent. */
  @Override
  void close();
}
