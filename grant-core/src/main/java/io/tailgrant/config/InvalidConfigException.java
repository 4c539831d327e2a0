package io.tailgrant.config;

import java.util.List;

/** The config has problems; each names the file, the key path and the reason. */
public class InvalidConfigException extends RuntimeException {
  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(problems.size() + " problem(s) in configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
