package io.tailgrant.grant;

/**
 * TailGrant acting on the tailnet's word: a Tailscale webhook event, named {@code
 * tailscale:<eventType>} (e.g. {@code tailscale:userDeleted}). Never a person: WhoIs names people
 * by login, which never takes this form (the server refuses one that does), and {@link GrantRules}
 * lets it revoke and withdraw approvals, never approve or deny.
 */
public final class SystemActor {
  public static final String PREFIX = "tailscale:";

  private SystemActor() {}

  /** The actor of a Tailscale event of {@code eventType}. */
  public static String of(String eventType) {
    return PREFIX + eventType;
  }

  /** Whether {@code actor} is TailGrant acting on a Tailscale event rather than a person. */
  public static boolean is(String actor) {
    return actor != null && actor.startsWith(PREFIX);
  }
}
