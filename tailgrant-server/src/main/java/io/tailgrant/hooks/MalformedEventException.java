package io.tailgrant.hooks;

/** A webhook body that is not a JSON array of Tailscale events; the message says what is wrong. */
public final class MalformedEventException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
