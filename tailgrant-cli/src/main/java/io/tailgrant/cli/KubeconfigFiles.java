package io.tailgrant.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes kubeconfigs to {@code ~/.kube/tailgrant/<grantId>.yaml}: a credential, so owner-only from
 * the start.
 */
final class KubeconfigFiles {
  private KubeconfigFiles() {}

  static Path dir(Path home) {
    return home.resolve(".kube").resolve("tailgrant");
  }

  static Path write(Path dir, String grantId, String yaml) throws IOException {
    // Callers check ids first; this keeps any other id (../x, a/b) from naming a file outside dir.
    if (!Untrusted.isGrantId(grantId)) {
      throw new IllegalArgumentException("not a grant id: " + Untrusted.printable(grantId));
    }
    Files.createDirectories(dir);
    setMode(dir, "rwx------");
    Path file = dir.resolve(grantId + ".yaml");
    // Created 0600 before the token is written, then moved into place: never readable by others.
    Path tmp = Files.createTempFile(dir, "." + grantId, ".tmp");
    try {
      setMode(tmp, "rw-------");
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  private static void setMode(Path p, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: rely on the home directory's own protection.
    }
  }
}
