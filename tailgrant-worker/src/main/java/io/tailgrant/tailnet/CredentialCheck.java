package io.tailgrant.tailnet;

import io.tailgrant.config.TailGrantConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves the OAuth client can do what TailGrant will ask of it, before the worker serves: a token,
 * the device list (scope devices:core), posture attributes when a type uses them, the users scope
 * when a user-role type changes roles, and for auth-key types (and with --validate-keys for every
 * managed tag too) an ephemeral auth key carrying their tags (scope auth_keys and ownership of
 * those tags), deleted at once. Each failure says which scope or tag is missing and how to fix it.
 */
public final class CredentialCheck {
  private CredentialCheck() {}

  /**
   * What the config asks of the client: the tags tags-grants add, whether posture attributes are
   * set, whether user roles are changed, and the tags auth-key grants' keys carry.
   */
  public record Needs(
      Set<String> managedTags, boolean postureUsed, boolean userRoles, Set<String> keyTags) {

    public Needs {
      managedTags = Set.copyOf(managedTags);
      keyTags = Set.copyOf(keyTags);
    }

    /** What {@code config}'s grant types need. */
    public static Needs of(TailGrantConfig config) {
      return new Needs(
          config.managedTags(),
          !config.managedAttributeKeys().isEmpty(),
          config.usesUserRoles(),
          config.authKeyTags());
    }
  }

  /** A user id no user has: a role change for it proves the scope and changes nobody. */
  static final String NO_SUCH_USER = "0";

  /** The checks of the kinds that came before user-role and auth-key grants. */
  public static List<Result> run(
      TailscaleApiClient api, Set<String> managedTags, boolean postureUsed, boolean validateKeys) {
    return run(api, new Needs(managedTags, postureUsed, false, Set.of()), validateKeys);
  }

  /** One check's outcome: {@code problem} and {@code fix} are null when it passed. */
  public record Result(String name, String problem, String fix) {
    public boolean passed() {
      return problem == null;
    }
  }

  public static List<Result> run(TailscaleApiClient api, Needs needs, boolean validateKeys) {
    Set<String> managedTags = needs.managedTags();
    boolean postureUsed = needs.postureUsed();
    List<Result> out = new ArrayList<>();
    try {
      api.tokens().token();
      out.add(new Result("oauth token", null, null));
    } catch (TailscaleApiException e) {
      out.add(
          new Result(
              "oauth token",
              e.getMessage(),
              e.status() == 401
                  ? "the OAuth client id or secret is wrong, or the client was deleted: create one in the admin console"
                      + " (Settings → OAuth clients) and point tailscale.oauth at its secret file"
                  : "check tailscale.apiBaseUrl and that the worker can reach it"));
      return out;
    }
    List<TailscaleDevice> devices = List.of();
    try {
      devices = api.listDevices();
      out.add(new Result("scope devices:core", null, null));
    } catch (TailscaleApiException e) {
      out.add(
          new Result(
              "scope devices:core",
              e.getMessage(),
              e.status() == 403
                  ? "give the OAuth client the devices:core scope (it lists devices and sets tags)"
                  : "check tailscale.tailnet and the API's reachability"));
    }
    if (postureUsed && !devices.isEmpty()) {
      try {
        api.getAttributes(devices.get(0).nodeId());
        out.add(new Result("scope devices:posture_attributes", null, null));
      } catch (TailscaleApiException e) {
        out.add(
            new Result(
                "scope devices:posture_attributes",
                e.getMessage(),
                e.status() == 403
                    ? "give the OAuth client the devices:posture_attributes scope (posture grant types set attributes)"
                    : "check the API's reachability"));
      }
    }
    if (needs.userRoles()) {
      out.add(users(api));
    }
    Set<String> keyTags = new LinkedHashSet<>(needs.keyTags());
    if (validateKeys) {
      keyTags.addAll(managedTags);
    }
    if (!keyTags.isEmpty()) {
      try {
        String id =
            api.createAuthKey(List.copyOf(keyTags), true, 300, "tailgrant credential check");
        api.deleteAuthKey(id);
        out.add(new Result("tag ownership " + String.join(" ", keyTags), null, null));
      } catch (TailscaleApiException e) {
        out.add(
            new Result(
                "tag ownership " + String.join(" ", keyTags),
                e.getMessage(),
                e.status() == 403
                    ? needs.keyTags().isEmpty()
                        ? "give the OAuth client the auth_keys scope to run this check (or drop --validate-keys)"
                        : "give the OAuth client the auth_keys scope (auth-key grant types mint keys)"
                    : e.status() == 400
                        ? "make the OAuth client's tag (e.g. tag:tailgrant) own every tag grant types add: in the policy"
                            + " file, \"tagOwners\": {\"tag:x\": [\"tag:tailgrant\"]} for each tag named in the error"
                        : "check the API's reachability"));
      }
    }
    return out;
  }

  /**
   * The users scope: the user list ({@code users:read}), then a role change for a user id nobody
   * has, which a client with the scope has refused as not found and one without it as forbidden.
   */
  private static Result users(TailscaleApiClient api) {
    String name = "scope users";
    String fix = "give the OAuth client the users scope (user-role grant types change roles)";
    try {
      api.listUsers();
    } catch (TailscaleApiException e) {
      return new Result(
          name, e.getMessage(), e.status() == 403 ? fix : "check the API's reachability");
    }
    try {
      api.setUserRole(NO_SUCH_USER, "member");
    } catch (TailscaleApiException e) {
      if (e.status() == 403 || e.status() == 401) {
        return new Result(name, e.getMessage(), fix);
      }
      if (e.status() == 0 || e.status() >= 500) {
        return new Result(name, e.getMessage(), "check the API's reachability");
      }
    }
    return new Result(name, null, null);
  }

  /** Throws with every failure's problem and fix; the worker refuses to start on it. */
  public static void require(List<Result> results) {
    List<String> failures =
        results.stream()
            .filter(r -> !r.passed())
            .map(r -> r.name() + ": " + r.problem() + "\n    fix: " + r.fix())
            .toList();
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "the Tailscale OAuth client cannot do what TailGrant needs:\n  "
              + String.join("\n  ", failures));
    }
  }
}
