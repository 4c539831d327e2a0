package io.tailgrant.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.events.TailnetEventInput;
import io.tailgrant.hooks.DeliveryRate;
import io.tailgrant.hooks.MalformedEventException;
import io.tailgrant.hooks.TailscaleHookReceiver;
import io.tailgrant.hooks.TailscaleWebhookSignature;
import io.tailgrant.hooks.WebhookRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/tailscale}: Tailscale's webhook deliveries. Nobody is identified here (the
 * control plane posts from the internet, through Funnel): the endpoint's secret is the only
 * authentication. In order, each step refusing with {@code {"error","message"}} and changing
 * nothing: not configured (404), over the delivery rate (429), a body over 1 MiB (413), no valid
 * fresh signature (401), a replay (409), a malformed body (400). Each event TailGrant acts on then
 * starts its workflow, once per event; every other event is acknowledged and ignored (200).
 */
final class TailscaleHookRoutes {
  static final String PATH = "/hooks/tailscale";

  /** The largest delivery read; Tailscale batches events, a policy event may carry the policy. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(TailscaleHookRoutes.class);
  private static final Logger audit = LoggerFactory.getLogger("tailgrant.audit");

  private final TailscaleHookReceiver receiver;
  private final DeliveryRate rate;
  private final Predicate<TailnetEventInput> start;

  /**
   * @param receiver null when {@code hooks.tailscale} is not configured (the route answers 404)
   * @param start starts an event's workflow; false when the event was handled already
   */
  TailscaleHookRoutes(
      TailscaleHookReceiver receiver, DeliveryRate rate, Predicate<TailnetEventInput> start) {
    this.receiver = receiver;
    this.rate = rate;
    this.start = start;
  }

  /** The routes for {@code grants}' config: reads the secret now (a missing one stops start-up). */
  static TailscaleHookRoutes of(GrantService grants, Clock clock) {
    return grants
        .tailscaleWebhook()
        .map(
            c ->
                new TailscaleHookRoutes(
                    new TailscaleHookReceiver(
                        c.secret().read(), c.offboardRoles(), grants.capabilityGrantTypes(), clock),
                    new DeliveryRate(c.deliveriesPerMinute(), clock),
                    grants::startTailnetEvent))
        .orElseGet(() -> new TailscaleHookRoutes(null, null, e -> false));
  }

  void register(RoutesConfig r) {
    r.post(PATH, this::deliver);
  }

  private void deliver(Context ctx) {
    if (receiver == null) {
      refuse(ctx, 404, "not_found", "Tailscale webhooks are not configured (hooks.tailscale)");
      return;
    }
    long wait = rate.take();
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      refuse(ctx, 429, "too_many_deliveries", "too many deliveries; retry in " + wait + " s");
      return;
    }
    byte[] body = readAtMost(ctx, MAX_BODY_BYTES);
    if (body == null) {
      refuse(ctx, 413, "too_large", "a delivery is at most " + MAX_BODY_BYTES + " bytes");
      return;
    }
    TailscaleHookReceiver.Delivery delivery;
    try {
      delivery = receiver.accept(ctx.header(TailscaleWebhookSignature.HEADER), body);
    } catch (WebhookRejectedException e) {
      rejected(ctx, e);
      return;
    } catch (MalformedEventException e) {
      refuse(ctx, 400, "malformed", e.getMessage());
      return;
    }
    int started = 0;
    try {
      for (TailnetEventInput event : delivery.actions()) {
        if (start.test(event)) {
          started++;
        }
      }
    } catch (RuntimeException e) {
      // Events already started stay started (their ids make a retry start nothing twice).
      receiver.forget(delivery);
      log.error("could not start a Tailscale event's workflow", e);
      ctx.header("Retry-After", "30");
      refuse(ctx, 503, "unavailable", "could not act on the delivery now; retry later");
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("events", delivery.events());
    answer.put("acted", delivery.actions().size());
    answer.put("started", started);
    answer.put("alreadyHandled", delivery.actions().size() - started);
    log.info(
        "Tailscale delivery: {} event(s), {} acted on, {} started",
        delivery.events(),
        delivery.actions().size(),
        started);
    ctx.status(200).json(answer);
  }

  private static void rejected(Context ctx, WebhookRejectedException e) {
    switch (e.reason()) {
      case REPLAYED -> refuse(ctx, 409, "replayed", e.getMessage());
      case REPLAY_GUARD_FULL -> {
        ctx.header("Retry-After", "60");
        refuse(ctx, 503, "busy", e.getMessage());
      }
      case STALE, FUTURE -> refuse(ctx, 401, "stale", e.getMessage());
      case MISSING_HEADER, MALFORMED_HEADER, BAD_SIGNATURE ->
          refuse(ctx, 401, "bad_signature", e.getMessage());
    }
  }

  /** Answers a refusal and audits it as every refusal is (values escaped; no secret in any). */
  private static void refuse(Context ctx, int status, String code, String message) {
    audit.info(
        "refused actor={} method={} path={} status={} error={} message={}",
        LogSafe.quote("unidentified(" + ctx.req().getRemoteAddr() + ")"),
        LogSafe.quote(ctx.method().name()),
        LogSafe.quote(ctx.path()),
        status,
        LogSafe.quote(code),
        LogSafe.quote(message));
    ctx.status(status).json(Map.of("error", code, "message", message));
  }

  /** The raw body, or null when it is longer than {@code max} (by its length or as read). */
  private static byte[] readAtMost(Context ctx, int max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      return null;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(max + 1);
      return body.length > max ? null : body;
    } catch (IOException e) {
      throw new IllegalStateException("could not read the delivery: " + e.getMessage(), e);
    }
  }
}
