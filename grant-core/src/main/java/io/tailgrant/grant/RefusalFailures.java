package io.tailgrant.grant;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Carries a {@link Refusal} through Temporal (an Update validator's rejection) and back, so the
 * server answers with the same status and code the workflow decided.
 */
public final class RefusalFailures {
  public static final String TYPE = "TailGrantRefusal";

  private RefusalFailures() {}

  public static ApplicationFailure toFailure(Refusal r) {
    return ApplicationFailure.newNonRetryableFailure(r.getMessage(), TYPE, r.kind().name(), r.code());
  }

  /** The refusal somewhere in this failure's cause chain, if there is one. */
  public static Optional<Refusal> fromFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure af && TYPE.equals(af.getType())) {
        Refusal.Kind kind = Refusal.Kind.valueOf(af.getDetails().get(0, String.class));
        String code = af.getDetails().get(1, String.class);
        return Optional.of(new Refusal(kind, code, af.getOriginalMessage()));
      }
    }
    return Optional.empty();
  }
}
