package io.tailgrant.dev;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test against the whole dev stack, started fresh for each test on free loopback ports. */
abstract class OnDevStack {
  @TempDir Path state;
  DevMain dev;
  DevStackClient stack;

  @BeforeEach
  void startDevStack() throws Exception {
    int serverPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, false, state, null));
    stack = new DevStackClient(serverPort, simPort);
  }

  @AfterEach
  void stopDevStack() {
    dev.close();
  }
}
