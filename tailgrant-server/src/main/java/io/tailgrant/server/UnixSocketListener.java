package io.tailgrant.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's unix socket: only {@code tailscale serve} (root) and the server's own user and group
 * may connect, which is what lets the server believe the X-Forwarded-For that serve sets. A tailnet
 * peer cannot reach a unix socket even through userspace tailscaled's loopback forwarding.
 */
final class UnixSocketListener {
  private UnixSocketListener() {}

  /**
   * Creates the socket's folder (owner and group only) and removes a socket left by a previous run.
   */
  static void prepare(Path socket) {
    try {
      Path dir = socket.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
      }
      if (Files.exists(socket) && !Files.isRegularFile(socket) && !Files.isDirectory(socket)) {
        Files.delete(socket);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare server.listen socket " + socket + ": " + e.getMessage(), e);
    }
  }

  /** Read-write for owner and group only: connecting to a unix socket needs write permission. */
  static void restrict(Path socket) {
    try {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot restrict server.listen socket " + socket + ": " + e.getMessage(), e);
    }
  }
}
