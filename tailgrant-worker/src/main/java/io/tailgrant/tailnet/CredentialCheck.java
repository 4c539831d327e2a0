package io.tailgrant.tailnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Proves the OAuth client can do what TailGrant will ask of it, before the worker serves: a token,
 * the device list (scope devices:core), posture attributes when a type uses them, and optionally an
 * ephemeral auth key carrying every managed tag (scope auth_keys and ownership of those tags),
 * deleted at once. Each failure says which scope or tag is missing and how to fix it.
 */
public final class CredentialCheck {
  private CredentialCheck() {}

  /** One check's outcome: {@code problem} and {@code fix} are null when it passed. */
  public record Result(String name, String problem, String fix) {
    public boolean passed() {
      return problem == null;
    }
  }

  public static List<Result> run(
      TailscaleApiClient api, Set<String> managedTags, boolean postureUsed, boolean validateKeys) {
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
    if (validateKeys && !managedTags.isEmpty()) {
      try {
        String id =
            api.createAuthKey(List.copyOf(managedTags), true, 300, "tailgrant credential check");
        api.deleteAuthKey(id);
        out.add(new Result("tag ownership " + String.join(" ", managedTags), null, null));
      } catch (TailscaleApiException e) {
        out.add(
            new Result(
                "tag ownership " + String.join(" ", managedTags),
                e.getMessage(),
                e.status() == 403
                    ? "give the OAuth client the auth_keys scope to run this check (or drop --validate-keys)"
                    : e.status() == 400
                        ? "make the OAuth client's tag (e.g. tag:tailgrant) own every tag grant types add: in the policy"
                            + " file, \"tagOwners\": {\"tag:x\": [\"tag:tailgrant\"]} for each tag named in the error"
                        : "check the API's reachability"));
      }
    }
    return out;
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
