package io.tailgrant.temporal;

import io.temporal.failure.ApplicationFailure;

/** Digs the message a person should read out of Temporal's nested failures. */
public final class FailureMessages {
  private FailureMessages() {}

  /** The innermost cause's own message (for an API refusal: the API's words). */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c instanceof ApplicationFailure af ? af.getOriginalMessage() : c.getMessage();
  }
}
