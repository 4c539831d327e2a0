package io.tailgrant.sim.kubernetes;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records every request, with the user its bearer token stands for, before the simulated API
 * answers it: the simulator's audit log, so tests can hold what a client sent against RBAC rules
 * (the mock itself authorizes nothing).
 */
final class AuditingDispatcher extends Dispatcher {
  /** Users of requests without a token, and of tokens this cluster does not know. */
  static final String ANONYMOUS = "system:anonymous";

  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private final Dispatcher api;
  private final Map<String, String> staticTokens;
  private final Map<String, IssuedToken> issued;

  /** The dev stack runs for hours: the oldest requests go past this many. */
  static final int KEPT = 10_000;

  private final int kept;

  private final ArrayDeque<ApiRequest> log = new ArrayDeque<>();

  /**
   * {@code staticTokens}: token to user, like the API server's static token file; {@code issued}:
   * the ServiceAccount tokens TokenRequests returned.
   */
  AuditingDispatcher(
      Dispatcher api, Map<String, String> staticTokens, Map<String, IssuedToken> issued) {
    this(api, staticTokens, issued, KEPT);
  }

  /** Keeps the last {@code kept} requests. */
  AuditingDispatcher(
      Dispatcher api, Map<String, String> staticTokens, Map<String, IssuedToken> issued, int kept) {
    this.kept = kept;
    this.api = api;
    this.staticTokens = staticTokens;
    this.issued = issued;
  }

  /** The last requests (at most {@code kept}), oldest first. */
  synchronized List<ApiRequest> log() {
    return List.copyOf(log);
  }

  private synchronized void record(ApiRequest request) {
    if (log.size() == kept) {
      log.removeFirst();
    }
    log.addLast(request);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    record(
        new ApiRequest(
            user(request.getHeader("Authorization")),
            method,
            request.getPath(),
            RequestAttributes.of(method, request.getPath()),
            WITH_BODY.contains(method) ? body(request) : ""));
    return api.dispatch(request);
  }

  /** The body, read without consuming it: the API behind still reads it. */
  private static String body(RecordedRequest request) {
    return request.getBody() == null
        ? ""
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private String user(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return ANONYMOUS;
    }
    String token = authorization.substring("Bearer ".length()).trim();
    String user = staticTokens.get(token);
    if (user != null) {
      return user;
    }
    IssuedToken t = issued.get(token);
    return t == null
        ? ANONYMOUS
        : "system:serviceaccount:" + t.namespace() + ":" + t.serviceAccount();
  }

  @Override
  public void shutdown() {
    api.shutdown();
  }
}
