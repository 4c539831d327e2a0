package io.tailgrant.dev;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the multi-process tests: a dev stack without its worker, and a worker in its own JVM. */
abstract class SplitStackTest {
  @TempDir Path state;
  DevMain dev;
  Process worker;

  @AfterEach
  void stopStackAndWorker() {
    if (worker != null) {
      worker.destroyForcibly();
    }
    if (dev != null) {
      dev.close();
    }
  }
}
