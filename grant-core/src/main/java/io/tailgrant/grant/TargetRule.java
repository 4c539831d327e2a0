package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** Which devices a grant type may target: the requester's own device, or tagged devices carrying all of {@code tags}. */
public record TargetRule(Kind rule, List<String> tags) {

  public TargetRule {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public static TargetRule ownDevice() {
    return new TargetRule(Kind.OWN_DEVICE, List.of());
  }

  public static TargetRule tagged(List<String> tags) {
    return new TargetRule(Kind.TAGGED, tags);
  }

  /** The rule's kind, as written in config ({@code own-device} or {@code tagged}). */
  public enum Kind {
    OWN_DEVICE,
    TAGGED;

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
