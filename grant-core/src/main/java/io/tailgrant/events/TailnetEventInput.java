package io.tailgrant.events;

import java.time.Instant;
import java.util.Set;

/**
 * One Tailscale event TailGrant acts on, as the server read it from a verified delivery.
 *
 * @param action what TailGrant does about it
 * @param eventType Tailscale's event type, e.g. {@code userDeleted}
 * @param eventAt Tailscale's timestamp of the event: with the subject, it names the event
 * @param subject the person's login ({@link TailnetEventAction#OFFBOARD}), the node id ({@link
 *     TailnetEventAction#NODE_DELETED}), or null ({@link TailnetEventAction#POLICY_UPDATE})
 * @param message Tailscale's description of the event (may be null)
 * @param receivedAt the server's clock when the delivery arrived: only grants requested until then
 *     are ended (a grant requested later is the config's business, not this event's)
 * @param capabilityTypes the grant types whose role and period come from an app capability, by the
 *     server's config ({@link TailnetEventAction#POLICY_UPDATE} ends their pending grants)
 */
public record TailnetEventInput(
    TailnetEventAction action,
    String eventType,
    Instant eventAt,
    String subject,
    String message,
    Instant receivedAt,
    Set<String> capabilityTypes) {

  public TailnetEventInput {
    capabilityTypes = capabilityTypes == null ? Set.of() : Set.copyOf(capabilityTypes);
  }
}
