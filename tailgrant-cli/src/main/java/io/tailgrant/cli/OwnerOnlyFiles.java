package io.tailgrant.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner reads (kubeconfigs, the profile), each replaced whole: written to a 0600
 * temporary file in the same directory, then renamed into place. A reader never sees half a file,
 * and nobody else ever sees the content.
 */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /** Writes {@code content} to {@code dir/name}, creating {@code dir} (0700) as needed. */
  static Path write(Path dir, String name, String content) throws IOException {
    Files.createDirectories(dir);
    setMode(dir, "rwx------");
    Path file = dir.resolve(name);
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    try {
      setMode(tmp, "rw-------");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
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
