package io.sentimentstream.serde;

import javax.net.ssl.SSLException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema registry refused a request or could not be reached. The message names the registry URL
 * and carries the registry's own answer (HTTP status, error code and message), e.g. a 409 for a
 * schema that is incompatible with the subject's earlier versions.
 *
 * <p>{@link #retriable()} tells the two kinds apart. A <em>definite</em> answer about the request
 * (404 unknown schema id or subject, 409 incompatible, 422 invalid schema, any other 4xx except
 * those below) will not change by asking again: a record carrying that schema id is poison. A
 * <em>transient</em> failure says nothing about the record: the registry was unreachable, timed
 * out, the TLS handshake failed, the call was interrupted ({@link #UNREACHABLE}), it answered 5xx,
 * 408 or 429, or it refused our credentials (401, 403: a configuration or rotation problem, not the
 * record's). A caller must not skip or dead-letter a record for a transient failure; it retries
 * later. Failures that are not {@code SchemaRegistryException}s (a bad magic byte, a truncated or
 * corrupt payload) are always definite; {@link #isRetriable(Throwable)} answers for any exception.
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

  /**
   * True for a transient failure (unreachable, timeout, TLS, interrupted, 5xx, 408, 429, 401, 403):
   * the same request may succeed later, so the record that needed it must not be skipped. False for
   * a definite answer about the request (404, 409, 422 and other 4xx).
   */
  public boolean retriable() {
    return isRetriableStatus(status);
  }

  /**
   * True if {@code t} or one of its causes is a {@link #retriable()} {@code
   * SchemaRegistryException} (so wrapped errors count too); false for any other exception, which is
   * a definite answer about the record (bad magic byte, truncated or corrupt payload, unknown
   * schema id).
   */
  public static boolean isRetriable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SchemaRegistryException s) {
        return s.retriable();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /**
   * The TLS failure ({@link SSLException}) that {@code t} or one of its causes is, or null: an
   * untrusted or unreadable certificate, which retrying will not fix.
   */
  public static SSLException tlsCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException ssl) {
        return ssl;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** Whether an HTTP status (or {@link #UNREACHABLE}) is a transient failure. */
  public static boolean isRetriableStatus(int status) {
    return status == UNREACHABLE
        || status >= 500
        || status == 401
        || status == 403
        || status == 408
        || status == 429;
  }
}
