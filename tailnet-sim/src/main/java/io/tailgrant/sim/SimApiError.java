package io.tailgrant.sim;

/**
 * An error the simulated Tailscale API answers with: an HTTP status and Tailscale's {@code
 * {"message"}} body.
 */
public class SimApiError extends RuntimeException {
  private final int status;

  public SimApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static SimApiError unauthorized() {
    return new SimApiError(401, "API token invalid");
  }

  static SimApiError forbidden() {
    return new SimApiError(
        403, "calling actor does not have enough permissions to perform this function");
  }

  static SimApiError notFound(String what) {
    return new SimApiError(404, what + " not found");
  }

  static SimApiError badRequest(String message) {
    return new SimApiError(400, message);
  }
}
