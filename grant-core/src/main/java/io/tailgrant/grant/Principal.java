package io.tailgrant.grant;

/**
 * A person acting on TailGrant, as WhoIs identified them, with the device they acted from. {@code
 * sharedIn} marks the user of a node shared into the tailnet from another one: such a user is not a
 * member ({@code autogroup:member} excludes them, as Tailscale's policy does).
 */
public record Principal(
    String login, String displayName, String nodeId, String deviceName, boolean sharedIn) {

  public Principal(String login, String displayName, String nodeId, String deviceName) {
    this(login, displayName, nodeId, deviceName, false);
  }
}
