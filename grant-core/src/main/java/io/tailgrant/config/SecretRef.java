package io.tailgrant.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret lives: a file or an environment variable, never the config itself. Reading happens
 * only in the process that needs it; {@link #toString()} never shows the value.
 */
public record SecretRef(String file, String env) {

  public String read() {
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read secret file " + file + ": " + e.getMessage());
      }
    }
    String value = System.getenv(env);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + env + " is not set");
    }
    return value.trim();
  }

  @Override
  public String toString() {
    return file != null ? "file:" + file : "env:" + env;
  }
}
