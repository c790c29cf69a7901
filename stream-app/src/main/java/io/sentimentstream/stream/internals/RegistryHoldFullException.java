package io.sentimentstream.stream.internals;

/**
 * Why a record was dead-lettered as retryable without being tried: the store of records waiting for
 * the schema registry is full.
 */
public final class RegistryHoldFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RegistryHoldFullException(String message) {
    super(message);
  }
}
