package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * What a grant type may target: the requester's own device, tagged devices carrying all of {@code
 * tags}, one of the Kubernetes {@code clusters}, the requester themself (their tailnet role), or a
 * new device that joins as {@code tags} (with an auth key).
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

  /** user-role grants: the requester themself, never anyone else. */
  public static TargetRule requester() {
    return new TargetRule(Kind.REQUESTER, List.of(), List.of());
  }

  /** auth-key grants: a device that does not exist yet and joins carrying {@code tags}. */
  public static TargetRule newDevice(List<String> tags) {
    return new TargetRule(Kind.NEW_DEVICE, tags, List.of());
  }

  /**
   * The rule's kind, as written in config ({@code own-device}, {@code tagged} or {@code cluster});
   * {@code requester} and {@code new-device} follow from the user-role and auth-key kinds.
   */
  public enum Kind {
    OWN_DEVICE,
    TAGGED,
    CLUSTER,
    REQUESTER,
    NEW_DEVICE;

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
