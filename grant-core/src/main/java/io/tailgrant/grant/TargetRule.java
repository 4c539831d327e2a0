package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * What a grant type may target: the requester's own device, tagged devices carrying all of {@code
 * tags}, or one of the Kubernetes {@code clusters}.
 */
public record TargetRule(Kind rule, List<String> tags, List<String> clusters) {

  public TargetRule {
    tags = tags == null ? List.of() : List.copyOf(tags);
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  public static TargetRule ownDevice() {
    return new TargetRule(Kind.OWN_DEVICE, List.of(), List.of());
  }

  public static TargetRule tagged(List<String> tags) {
    return new TargetRule(Kind.TAGGED, tags, List.of());
  }

  public static TargetRule cluster(List<String> clusters) {
    return new TargetRule(Kind.CLUSTER, List.of(), clusters);
  }

  /**
   * The rule's kind, as written in config ({@code own-device}, {@code tagged} or {@code cluster}).
   */
  public enum Kind {
    OWN_DEVICE,
    TAGGED,
    CLUSTER;

    @JsonValue
    public String wire() {
      return name().toLowerCase().replace('_', '-');
    }

    @JsonCreator
    public static Kind fromWire(String value) {
      return WireEnums.parse(Kind.class, value);
    }
  }
}
