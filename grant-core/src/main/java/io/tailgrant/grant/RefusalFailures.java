package io.tailgrant.grant;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Carries a {@link Refusal} out of an Update validator and back, so the server answers with the
 * status and code the workflow decided. The SDK keeps only a validator exception's class name and
 * message (not an ApplicationFailure's type or details), so kind and code ride in the message.
 */
public final class RefusalFailures {
  private static final String SEPARATOR = "|";

  private RefusalFailures() {}

  /** What a validator throws; its message is {@code KIND[:retryAfterSeconds]|code|message}. */
  public static final class TransportedRefusal extends RuntimeException {
    TransportedRefusal(Refusal r) {
      super(
          r.kind().name()
              + (r.retryAfterSeconds() > 0 ? ":" + r.retryAfterSeconds() : "")
              + SEPARATOR
              + r.code()
              + SEPARATOR
              + r.getMessage(),
          null,
          false,
          false);
    }
  }

  public static RuntimeException toFailure(Refusal r) {
    return new TransportedRefusal(r);
  }

  /**
   * What an Update handler throws for a refusal: the same message and type as a validator's, as an
   * ApplicationFailure (any other exception would fail the workflow task, not the Update).
   */
  public static ApplicationFailure toHandlerFailure(Refusal r) {
    return ApplicationFailure.newNonRetryableFailure(
        new TransportedRefusal(r).getMessage(), TransportedRefusal.class.getName());
  }

  /** The refusal somewhere in this failure's cause chain, if there is one. */
  public static Optional<Refusal> fromFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure af
          && TransportedRefusal.class.getName().equals(af.getType())) {
        String[] parts = af.getOriginalMessage().split("\\" + SEPARATOR, 3);
        if (parts.length == 3) {
          String[] kind = parts[0].split(":", 2);
          long retryAfter = kind.length == 2 ? Long.parseLong(kind[1]) : 0;
          return Optional.of(
              new Refusal(Refusal.Kind.valueOf(kind[0]), parts[1], parts[2], retryAfter));
        }
      }
    }
    return Optional.empty();
  }
}
