package io.tailgrant.sim.kubernetes;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher answers every resource like an API server but not the ServiceAccount
 * {@code token} subresource; this answers it as Kubernetes does (404 without the ServiceAccount,
 * 422 under the 10-minute minimum) and remembers what it issued.
 */
final class TokenRequestDispatcher extends KubernetesCrudDispatcher {
  static final long MIN_EXPIRATION_SECONDS = 600;
  static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  private static final Pattern TOKEN_PATH =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/?]+)/token(\\?.*)?$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Map<String, IssuedToken> issued = new ConcurrentHashMap<>();

  TokenRequestDispatcher(Clock clock) {
    this.clock = clock;
  }

  Map<String, IssuedToken> issued() {
    return issued;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher m = TOKEN_PATH.matcher(request.getPath());
    if (!"POST".equals(request.getMethod()) || !m.matches()) {
      return super.dispatch(request);
    }
    String namespace = m.group(1);
    String account = m.group(2);
    if (handleGet("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + account).code()
        != 200) {
      return status(404, "NotFound", "serviceaccounts \"" + account + "\" not found");
    }
    TokenRequest body = Serialization.unmarshal(request.getUtf8Body(), TokenRequest.class);
    Long asked = body.getSpec() == null ? null : body.getSpec().getExpirationSeconds();
    long seconds = asked == null ? DEFAULT_EXPIRATION_SECONDS : asked;
    if (seconds < MIN_EXPIRATION_SECONDS) {
      return status(
          422,
          "Invalid",
          "TokenRequest.authentication.k8s.io \""
              + account
              + "\" is invalid: spec.expirationSeconds:"
              + " Invalid value: "
              + seconds
              + ": may not specify a duration less than 10 minutes");
    }
    Instant expires = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String token = "sim." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    issued.put(token, new IssuedToken(namespace, account, expires));
    body.setStatus(
        new TokenRequestStatusBuilder()
            .withToken(token)
            .withExpirationTimestamp(expires.toString())
            .build());
    body.setKind("TokenRequest");
    body.setApiVersion("authentication.k8s.io/v1");
    return new MockResponse()
        .setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(body));
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            Serialization.asJson(
                new StatusBuilder()
                    .withApiVersion("v1")
                    .withKind("Status")
                    .withStatus("Failure")
                    .withCode(code)
                    .withReason(reason)
                    .withMessage(message)
                    .build()));
  }
}
