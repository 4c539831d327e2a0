package io.tailgrant.cli;

import java.io.IOException;
import java.nio.file.Path;

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
    return OwnerOnlyFiles.write(dir, grantId + ".yaml", yaml);
  }
}
