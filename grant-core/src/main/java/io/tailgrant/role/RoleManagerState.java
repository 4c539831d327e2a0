package io.tailgrant.role;

import java.util.List;
import java.util.Map;

/**
 * A role manager's whole state, carried across continue-as-new. {@code userId} is the user's id in
 * the API once known; {@code baseline} is the role the user had before TailGrant raised it and
 * {@code applied} the role TailGrant last wrote (both null while TailGrant holds nothing); {@code
 * notes} are the outcomes of removals their grants have not asked for yet.
 */
public record RoleManagerState(
    String login,
    String userId,
    List<RoleAsset> assets,
    String baseline,
    String applied,
    Map<String, String> notes,
    int continueAsNewAfter) {

  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 200;

  public RoleManagerState {
    assets = assets == null ? List.of() : List.copyOf(assets);
    notes = notes == null ? Map.of() : Map.copyOf(notes);
    if (continueAsNewAfter <= 0) {
      continueAsNewAfter = DEFAULT_CONTINUE_AS_NEW_AFTER;
    }
  }

  /** A manager that holds nothing yet. */
  public static RoleManagerState empty(String login, int continueAsNewAfter) {
    return new RoleManagerState(login, null, List.of(), null, null, Map.of(), continueAsNewAfter);
  }
}
