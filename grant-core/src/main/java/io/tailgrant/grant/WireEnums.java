package io.tailgrant.grant;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Parses the lower-case, dash- or underscore-separated names that enums use on the wire and in
 * config.
 */
public final class WireEnums {
  private WireEnums() {}

  public static <E extends Enum<E>> E parse(Class<E> type, String value) {
    if (value != null) {
      String normalized = value.trim().replace('-', '_').toUpperCase();
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(normalized)) {
          return constant;
        }
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not one of " + allowed(type));
  }

  public static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase().replace('_', '-'))
        .collect(Collectors.joining(", "));
  }
}
