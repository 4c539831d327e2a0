package io.tailgrant.cli;

/** Ends a command with a message for the user and a documented exit code. */
final class CliFailure extends RuntimeException {
  static final int ERROR = 1;
  static final int USAGE = 2;
  static final int DENIED = 3;
  static final int TIMED_OUT = 4;
  static final int NOT_ELIGIBLE = 5;

  final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /**
   * The exit code a refused API call means: 403 not eligible, 400/409 bad input, otherwise an
   * error.
   */
  static CliFailure from(ServerClient.Answer answer, String what) {
    int code =
        switch (answer.status()) {
          case 403 -> NOT_ELIGIBLE;
          case 400, 404, 409, 410 -> USAGE;
          default -> ERROR;
        };
    return new CliFailure(code, what + ": " + answer.message());
  }
}
