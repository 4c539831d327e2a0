package io.tailgrant.tailnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A device's posture attributes ({@code custom:} and {@code node:}) and the expiries of those that
 * have one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostureAttributes(Map<String, Object> attributes, Map<String, String> expiries) {

  public PostureAttributes {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    expiries = expiries == null ? Map.of() : Map.copyOf(expiries);
  }
}
