package io.tailgrant.sim;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson;
import java.time.InstantSource;
import java.util.Map;

/**
 * One HTTP server that plays a tailnet: the Tailscale API v2 under {@code /api/v2}, the LocalAPI
 * WhoIs under {@code /localapi/v0}, and dev-only control routes under {@code /sim} (with a webhook
 * sink for notification channels and simulated Tailscale events); plus loopback listeners that
 * forward peers' connections as tailscaled's userspace networking does.
 */
public final class SimulatedTailnet implements AutoCloseable {
  private final TailnetState state;
  private final CallCounter calls = new CallCounter();
  private final FaultInjector faults = new FaultInjector(42);
  private final SimForwards forwards;
  private final Javalin app;

  public SimulatedTailnet(SimSeed seed, InstantSource clock) {
    this.state = new TailnetState(seed, clock);
    this.forwards = new SimForwards(state);
    TailscaleApiRoutes api = new TailscaleApiRoutes(state);
    api.warmDeviceJson();
    UsersAndKeysRoutes usersAndKeys = new UsersAndKeysRoutes(state, api);
    LocalApiRoutes localApi = new LocalApiRoutes(state);
    SimControlRoutes control = new SimControlRoutes(state, calls, faults, forwards);
    WebhookSink sink = new WebhookSink(state::now);
    TailscaleEvents events = new TailscaleEvents(state);
    this.app =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson(SimJson.MAPPER, false));
              config.startup.showJavalinBanner = false;
              // Loopback only: compressing a 10,000-device list costs more than sending it.
              config.http.compressionStrategy = CompressionStrategy.NONE;
              config.routes.beforeMatched(
                  "/api/v2/*",
                  ctx -> {
                    calls.count(ctx.method().name(), ctx.endpoints().matchedHttpEndpoint().path);
                    FaultInjector.Verdict v = faults.next();
                    if (v.fails()) {
                      if (v.retryAfterSeconds() != null) {
                        ctx.header("Retry-After", Integer.toString(v.retryAfterSeconds()));
                      }
                      throw new SimApiError(
                          v.status(),
                          v.status() == 429
                              ? "rate limit exceeded"
                              : "service unavailable (injected fault)");
                    }
                  });
              api.register(config.routes);
              usersAndKeys.register(config.routes);
              localApi.register(config.routes);
              control.register(config.routes);
              sink.register(config.routes);
              events.register(config.routes);
              config.routes.exception(SimApiError.class, (e, ctx) -> SimJson.error(ctx, e));
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.path().startsWith("/api/")
                        && !"application/json".equals(ctx.res().getContentType())) {
                      ctx.json(Map.of("message", "not found"));
                    }
                  });
            });
  }

  public SimulatedTailnet start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public TailnetState state() {
    return state;
  }

  public CallCounter calls() {
    return calls;
  }

  public FaultInjector faults() {
    return faults;
  }

  /**
   * Forwards as tailscaled in userspace networking does: opens a listener on 127.0.0.1 whose
   * connections stand for {@code device}'s (host name or node id) connections to this node's
   * Tailscale IP on {@code toPort}, forwarded to {@code 127.0.0.1:toPort} with the peer's identity
   * registered for WhoIs. Returns the listener's port.
   *
   * @throws SimApiError 404 for an unknown device, 400 for a port out of range
   */
  public int forward(String device, int toPort) {
    return forwards.open(device, toPort);
  }

  /** Stops a forward opened by {@link #forward} and the connections it carries (404 if unknown). */
  public void stopForward(int port) {
    forwards.stop(port);
  }

  @Override
  public void close() {
    forwards.close();
    app.stop();
  }
}
