package io.tailgrant.hooks;

import io.tailgrant.events.TailnetEventAction;
import io.tailgrant.events.TailnetEventInput;
import io.tailgrant.events.TailnetEventRules;
import io.tailgrant.hooks.WebhookRejectedException.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one delivery to {@code POST /hooks/tailscale} into the events TailGrant acts on, or says
 * why not, changing nothing: the signature and its age first ({@link TailscaleWebhookSignature}),
 * then the body ({@link TailscaleEvent#parseAll}) and each acted-on event's fields, and last the
 * {@link ReplayGuard}, so only authentic, well-formed deliveries take room in it. Which events act,
 * and how, is {@link TailnetEventRules}'. No HTTP here.
 */
public final class TailscaleHookReceiver {
  /** Longest login or node id an event may name (they end up in workflow ids). */
  static final int MAX_SUBJECT = 320;

  /** Longest message kept from an event (the reason written on grants is shorter still). */
  static final int MAX_MESSAGE = 1000;

  private static final Pattern SUBJECT = Pattern.compile("[^\\s\\p{Cntrl}/]+");

  private final String secret;
  private final Set<String> offboardRoles;
  private final Set<String> capabilityTypes;
  private final Clock clock;
  private final Duration tolerance;
  private final ReplayGuard replays;

  /**
   * @param secret the endpoint's signing secret
   * @param offboardRoles Tailscale roles a change to which offboards someone
   * @param capabilityTypes grant types whose role comes from an app capability
   */
  public TailscaleHookReceiver(
      String secret, Set<String> offboardRoles, Set<String> capabilityTypes, Clock clock) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret may not be empty");
    }
    this.secret = secret;
    this.offboardRoles = Set.copyOf(offboardRoles);
    this.capabilityTypes = Set.copyOf(capabilityTypes);
    this.clock = clock;
    this.tolerance = TailscaleWebhookSignature.DEFAULT_TOLERANCE;
    this.replays = new ReplayGuard();
  }

  /**
   * An accepted delivery: its events, and those TailGrant acts on (one per event, duplicates
   * folded).
   */
  public record Delivery(String replayKey, int events, List<TailnetEventInput> actions) {}

  /**
   * Accepts a delivery or says why not.
   *
   * @throws WebhookRejectedException no valid, fresh signature, or a replay
   * @throws MalformedEventException a body or an acted-on event that is not what Tailscale sends
   */
  public Delivery accept(String signatureHeader, byte[] body)
      throws WebhookRejectedException, MalformedEventException {
    Instant now = clock.instant();
    long t = TailscaleWebhookSignature.verify(signatureHeader, body, secret, now, tolerance);
    List<TailscaleEvent> events = TailscaleEvent.parseAll(body);
    Map<String, TailnetEventInput> actions = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      Optional<TailnetEventInput> input = action(events.get(i), i, now);
      input.ifPresent(a -> actions.putIfAbsent(TailnetEventRules.workflowId(a), a));
    }
    String key = t + ":" + sha256(body);
    switch (replays.firstSeen(key, t + tolerance.getSeconds(), now.getEpochSecond())) {
      case FIRST -> {}
      case REPLAYED ->
          throw new WebhookRejectedException(Reason.REPLAYED, "this delivery was already accepted");
      case FULL ->
          throw new WebhookRejectedException(
              Reason.REPLAY_GUARD_FULL, "too many recent deliveries to remember; retry later");
    }
    return new Delivery(key, events.size(), List.copyOf(actions.values()));
  }

  /** Lets {@code delivery} be taken again: it was accepted but could not be acted on. */
  public void forget(Delivery delivery) {
    replays.forget(delivery.replayKey());
  }

  /**
   * What TailGrant does about event {@code i}, or empty; malformed when a field it needs is bad.
   */
  private Optional<TailnetEventInput> action(TailscaleEvent e, int i, Instant now)
      throws MalformedEventException {
    List<String> newRoles = null;
    if (e.type().equals("userRoleUpdated")) {
      newRoles =
          e.texts("newRoles")
              .orElseThrow(() -> malformed(i, "\"data.newRoles\" must be a list of roles"));
    }
    Optional<TailnetEventAction> action =
        TailnetEventRules.action(e.type(), newRoles, offboardRoles);
    if (action.isEmpty()) {
      return Optional.empty();
    }
    String subject =
        switch (action.get()) {
          case OFFBOARD -> subject(e, "user", i);
          case NODE_DELETED -> subject(e, "nodeID", i);
          case POLICY_UPDATE -> null;
        };
    String message = e.message();
    if (message != null && message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
    return Optional.of(
        new TailnetEventInput(
            action.get(), e.type(), e.timestamp(), subject, message, now, capabilityTypes));
  }

  private static String subject(TailscaleEvent e, String field, int i)
      throws MalformedEventException {
    String v =
        e.text(field).orElseThrow(() -> malformed(i, "\"data." + field + "\" must be a string"));
    if (v.isEmpty() || v.length() > MAX_SUBJECT || !SUBJECT.matcher(v).matches()) {
      throw malformed(i, "\"data." + field + "\" is not a " + field);
    }
    return v;
  }

  private static MalformedEventException malformed(int i, String what) {
    return new MalformedEventException("event " + i + ": " + what);
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TailscaleHookReceiver[secret=redacted]";
  }
}
