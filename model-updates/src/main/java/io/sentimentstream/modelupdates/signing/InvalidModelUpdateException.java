package io.sentimentstream.modelupdates.signing;

/**
 * A model update failed verification; the message says why (no signature, an unsupported algorithm,
 * or a signature that does not match this record under the trusted key). Such an update must not be
 * loaded.
 */
public class InvalidModelUpdateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message saying why the update was rejected. */
  public InvalidModelUpdateException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public InvalidModelUpdateException(String message, Throwable cause) {
    super(message, cause);
  }
}
