package io.tailgrant.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the HTTP tests: one server stack (production identity rules) per test class. */
abstract class ServerStackTest {
  static ServerTestStack stack;

  @BeforeAll
  static void startStack() {
    stack = ServerTestStack.start();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }
}
