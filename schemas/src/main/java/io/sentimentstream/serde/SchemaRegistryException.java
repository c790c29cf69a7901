package io.sentimentstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema registry refused a request or could not be reached. The message names the registry URL
 * and carries the registry's own answer (HTTP status, error code and message), e.g. a 409 for a
 * schema that is incompatible with the subject's earlier versions.
 */
public class SchemaRegistryException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** HTTP status when the registry answered; {@link #UNREACHABLE} when it never did. */
  public static final int UNREACHABLE = -1;

  private final int status;
  private final int errorCode;

  /** An error with the registry's HTTP status and error code (0 when the body had none). */
  public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status the registry answered with, or {@link #UNREACHABLE}. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code} (e.g. 40403 schema not found), 0 when it gave none. */
  public int errorCode() {
    return errorCode;
  }
}
