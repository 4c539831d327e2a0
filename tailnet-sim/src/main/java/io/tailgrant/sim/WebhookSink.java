package io.tailgrant.sim;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook receiver for the dev stack's notification channels (Slack-, Teams- or plain webhooks
 * pointed at the simulator): {@code POST /sim/webhooks/{channel}} records whatever arrives and
 * answers 200, or the status asked for with {@code ?status=} (a failing channel) after {@code
 * ?delayMs=} (a slow one, at most 30 s). {@code GET /sim/webhooks} lists the recordings, oldest
 * first ({@code ?channel=} filters), {@code DELETE /sim/webhooks} forgets them.
 */
final class WebhookSink {
  static final long MAX_DELAY_MS = 30_000;

  /** Recordings kept; the oldest go first past this, so a long dev session stays small. */
  static final int MAX_RECORDINGS = 10_000;

  private final InstantSource clock;
  private final Deque<Map<String, Object>> recordings = new ArrayDeque<>();

  WebhookSink(InstantSource clock) {
    this.clock = clock;
  }

  void register(RoutesConfig r) {
    r.post("/sim/webhooks/{channel}", this::receive);
    r.get("/sim/webhooks", ctx -> ctx.json(recordings(ctx.queryParam("channel"))));
    r.delete(
        "/sim/webhooks",
        ctx -> {
          synchronized (recordings) {
            recordings.clear();
          }
          ctx.status(204);
        });
  }

  private void receive(Context ctx) throws InterruptedException {
    int status = status(ctx.queryParam("status"));
    long delay = delayMs(ctx.queryParam("delayMs"));
    Map<String, String> headers = new LinkedHashMap<>();
    for (var names = ctx.req().getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      List<String> values = new ArrayList<>();
      ctx.req().getHeaders(name).asIterator().forEachRemaining(values::add);
      headers.merge(
          name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b);
    }
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("channel", ctx.pathParam("channel"));
    rec.put("url", ctx.fullUrl());
    rec.put("headers", headers);
    rec.put("body", ctx.body());
    rec.put("at", clock.instant().toString());
    synchronized (recordings) {
      recordings.addLast(rec);
      while (recordings.size() > MAX_RECORDINGS) {
        recordings.removeFirst();
      }
    }
    if (delay > 0) {
      Thread.sleep(delay);
    }
    ctx.status(status);
    if (status >= 200 && status < 300) {
      ctx.json(Map.of("ok", true));
    } else {
      ctx.json(Map.of("message", "simulated failure of channel " + ctx.pathParam("channel")));
    }
  }

  List<Map<String, Object>> recordings(String channel) {
    synchronized (recordings) {
      return recordings.stream()
          .filter(r -> channel == null || channel.equals(r.get("channel")))
          .toList();
    }
  }

  /** {@code ?status=}: an HTTP status from 200 to 599 (default 200). */
  static int status(String s) {
    if (s == null || s.isEmpty()) {
      return 200;
    }
    try {
      int status = Integer.parseInt(s);
      if (status >= 200 && status <= 599) {
        return status;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw SimApiError.badRequest("status must be an HTTP status from 200 to 599");
  }

  /** {@code ?delayMs=}: milliseconds to wait before answering, capped at 30 s (default 0). */
  static long delayMs(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    try {
      long ms = Long.parseLong(s);
      if (ms >= 0) {
        return Math.min(ms, MAX_DELAY_MS);
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw SimApiError.badRequest("delayMs must be a whole number of milliseconds, 0 or more");
  }
}
