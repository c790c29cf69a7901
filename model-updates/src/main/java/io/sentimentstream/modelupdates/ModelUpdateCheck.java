package io.sentimentstream.modelupdates;

import io.sentimentstream.avro.EncoderIdentity;
import io.sentimentstream.avro.ModelUpdate;
import io.sentimentstream.classifier.Adapters;
import io.sentimentstream.classifier.Encoder;
import io.sentimentstream.classifier.EncoderId;
import io.sentimentstream.classifier.Head;
import io.sentimentstream.classifier.HeadCodec;
import io.sentimentstream.modelupdates.signing.InvalidModelUpdateException;
import io.sentimentstream.modelupdates.signing.ModelUpdateVerifier;

/**
 * Decides whether a model update may replace the serving model: signed by the trusted key (which
 * covers head and adapters), made for the running encoder, a well-formed head with finite weights,
 * adapters (if any) that decode, were trained on the running encoder and fit its weights, newer
 * than the current one, and not below the version floor ({@link ModelFloor}), which survives
 * restarts.
 */
public final class ModelUpdateCheck {
  private final ModelUpdateVerifier verifier;
  private final ModelFloor floor;

  /** Why an update was refused; {@link #reason()} is a short tag for the metric. */
  public static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Rejected(String reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    /**
     * signature, encoder, shape, adapters (do not decode, or do not fit the encoder's weights),
     * stale or unsigned.
     */
    public String reason() {
      return reason;
    }
  }

  /**
   * What a verified update carries.
   *
   * @param head the head
   * @param adapters its adapters, or null: the head runs on the base weights
   */
  public record Verified(Head head, Adapters adapters) {}

  /** Checks signatures with {@code verifier}; null rejects every update (no key configured). */
  public ModelUpdateCheck(ModelUpdateVerifier verifier) {
    this(verifier, ModelFloor.inMemory(0, "model.min.version"));
  }

  /** Also refuses what {@code floor} refuses. */
  public ModelUpdateCheck(ModelUpdateVerifier verifier, ModelFloor floor) {
    this.verifier = verifier;
    this.floor = floor;
  }

  /** The version floor this check applies. */
  public ModelFloor floor() {
    return floor;
  }

  /**
   * Returns head and adapters of the update if they may replace a model of {@code currentVersion}
   * on {@code encoder}, including that the adapters fit its weights ({@link
   * Encoder#checkAdapters}): nothing needs to be swapped to find out.
   *
   * @throws Rejected saying why not
   */
  public Verified verify(ModelUpdate u, Encoder encoder, long currentVersion) {
    Verified v = verify(u, encoder.id(), currentVersion);
    if (v.adapters() != null) {
      try {
        encoder.checkAdapters(v.adapters());
      } catch (IllegalArgumentException e) {
        throw new Rejected(
            "adapters",
            "update version " + u.getVersion() + " has adapters that do not fit: " + e.getMessage(),
            e);
      }
    }
    return v;
  }

  /**
   * Returns head and adapters of the update if they may replace a model of {@code currentVersion}
   * on the encoder {@code encoder}. Without the encoder's weights at hand this cannot check that
   * the adapters' targets and shapes fit them (see {@link #verify(ModelUpdate, Encoder, long)}).
   *
   * @throws Rejected saying why not
   */
  public Verified verify(ModelUpdate u, EncoderId encoder, long currentVersion) {
    String which = "update version " + u.getVersion();
    if (verifier == null) {
      throw new Rejected("unsigned", which + ": no model.public.key configured to verify it", null);
    }
    try {
      verifier.verify(u);
    } catch (InvalidModelUpdateException e) {
      throw new Rejected("signature", e.getMessage(), e);
    }
    EncoderIdentity id = u.getEncoderIdentity();
    EncoderId claimed = new EncoderId(id.getName(), id.getFingerprint());
    if (!claimed.equals(encoder)) {
      throw new Rejected(
          "encoder", which + " is for encoder " + claimed + " but this app runs " + encoder, null);
    }
    Head head;
    try {
      head = HeadCodec.decode(u.getHeadWeights());
    } catch (RuntimeException e) {
      throw new Rejected("shape", which + " has an unusable head: " + e.getMessage(), e);
    }
    if (!head.encoder().equals(encoder)) {
      throw new Rejected(
          "encoder", which + "'s head names encoder " + head.encoder() + ", not " + encoder, null);
    }
    if (head.version() != u.getVersion()) {
      throw new Rejected(
          "shape", which + " carries a head labelled version " + head.version(), null);
    }
    Adapters adapters;
    try {
      adapters = AdapterPayload.fromAvro(u.getAdapters(), which);
    } catch (RuntimeException e) {
      throw new Rejected("adapters", which + " has unusable adapters: " + e.getMessage(), e);
    }
    if (adapters != null && !adapters.encoder().equals(encoder)) {
      throw new Rejected(
          "encoder",
          which + "'s adapters were trained on encoder " + adapters.encoder() + ", not " + encoder,
          null);
    }
    if (u.getVersion() <= currentVersion) {
      throw new Rejected(
          "stale", which + " is not newer than the serving version " + currentVersion, null);
    }
    String refusal = floor.refusal(u, encoder);
    if (refusal != null) {
      throw new Rejected("stale", "update " + refusal, null);
    }
    return new Verified(head, adapters);
  }
}
