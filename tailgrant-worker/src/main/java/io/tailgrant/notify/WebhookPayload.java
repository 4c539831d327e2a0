package io.tailgrant.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of TailGrant's generic JSON webhook, stable for receivers to code against:
 *
 * <pre>{@code
 * {"id": "<event id, the same on every retry>",
 *  "type": "requestWaiting",          // EventKind.wireName()
 *  "occurredAt": "2026-03-01T14:05:00Z",
 *  "grant": {"id": "...", "type": "db-admin", "requester": "...", "target": "...",
 *            "duration": "PT30M", "reason": "...", "actor": "...", "comment": "...",
 *            "expiresAt": "2026-03-01T14:35:00Z", "link": "https://..."},
 *  "recipients": ["alice@example.com"],
 *  "text": "<the human sentence, plain text>"}
 * }</pre>
 *
 * <p>Fields without a value are {@code null}. The {@code grant} fields are the values as users
 * typed them (JSON-escaped, nothing more): a receiver that shows them must escape them for its own
 * format. {@code text} is {@link NotificationText#sentence(Notification)}: one line, no markup. How
 * the body is signed is described on {@link WebhookSignature}.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  /** The body as a tree. */
  public static ObjectNode payload(Notification n) {
    ObjectNode root = Json.object();
    root.put("id", n.eventId());
    root.put("type", n.kind().wireName());
    root.put("occurredAt", n.occurredAt().toString());
    ObjectNode grant = root.putObject("grant");
    grant.put("id", n.grantId());
    grant.put("type", n.grantType());
    grant.put("requester", n.requester());
    grant.put("target", n.target());
    grant.put("duration", n.duration() == null ? null : n.duration().toString());
    grant.put("reason", n.reason());
    grant.put("actor", n.actor());
    grant.put("comment", n.comment());
    grant.put("expiresAt", n.expiresAt() == null ? null : n.expiresAt().toString());
    grant.put("link", n.link().toASCIIString());
    n.recipients().forEach(root.putArray("recipients")::add);
    root.put("text", NotificationText.sentence(n));
    return root;
  }

  /** The body as sent: compact JSON, fields in the order above. */
  public static String json(Notification n) {
    return Json.write(payload(n));
  }
}
