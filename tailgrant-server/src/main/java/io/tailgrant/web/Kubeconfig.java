package io.tailgrant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Kubeconfig formats: TKA clients may ask for JSON instead of YAML. */
final class Kubeconfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Kubeconfig() {}

  static JsonNode asJson(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("the worker sent a kubeconfig that is not YAML", e);
    }
  }
}
