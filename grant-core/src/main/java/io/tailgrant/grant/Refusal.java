package io.tailgrant.grant;

/**
 * A rule said no. {@code code} is the stable machine-readable reason ({@code error} in API bodies);
 * {@code kind} decides the HTTP status and the Temporal failure type.
 */
public class Refusal extends RuntimeException {

  /** The class of refusal, mapped once to an HTTP status by the server. */
  public enum Kind {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    GONE(410),
    TOO_MANY_REQUESTS(429);

    public final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }
  }

  private final Kind kind;
  private final String code;
  private final long retryAfterSeconds;

  public Refusal(Kind kind, String code, String message) {
    this(kind, code, message, 0);
  }

  /** {@code retryAfterSeconds} (0: none) tells a refused caller when asking again may work. */
  public Refusal(Kind kind, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public static Refusal badRequest(String code, String message) {
    return new Refusal(Kind.BAD_REQUEST, code, message);
  }

  public static Refusal forbidden(String message) {
    return new Refusal(Kind.FORBIDDEN, "forbidden", message);
  }

  public static Refusal notFound(String message) {
    return new Refusal(Kind.NOT_FOUND, "not_found", message);
  }

  public static Refusal gone(String message) {
    return new Refusal(Kind.GONE, "ended", message);
  }

  /** A limit was reached: ask again after {@code retryAfterSeconds} (at least one second). */
  public static Refusal tooMany(String code, String message, long retryAfterSeconds) {
    return new Refusal(Kind.TOO_MANY_REQUESTS, code, message, Math.max(1, retryAfterSeconds));
  }

  public static Refusal conflict(String message) {
    return new Refusal(Kind.CONFLICT, "wrong_state", message);
  }
}
