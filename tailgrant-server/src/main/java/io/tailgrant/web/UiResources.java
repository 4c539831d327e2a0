package io.tailgrant.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the ui module's files from the classpath. */
final class UiResources {
  private UiResources() {}

  static String read(String name) {
    try (InputStream in = UiResources.class.getResourceAsStream("/tailgrant/ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("ui resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
