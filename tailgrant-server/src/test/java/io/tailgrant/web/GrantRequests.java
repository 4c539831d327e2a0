package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailgrant.web.ApiClient.Answer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shorthands for the grant calls the API tests repeat. */
final class GrantRequests {
  private GrantRequests() {}

  static Map<String, Object> body(String grantType, String target, String duration, String reason) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("grantType", grantType);
    if (target != null) {
      b.put("target", target);
    }
    if (duration != null) {
      b.put("duration", duration);
    }
    if (reason != null) {
      b.put("reason", reason);
    }
    return b;
  }

  /** Requests a grant that must be accepted (202) and returns its id. */
  static String request(
      ApiClient as, String grantType, String target, String duration, String reason) {
    Answer a = as.post("/api/v1/grants", body(grantType, target, duration, reason));
    assertEquals(202, a.status(), () -> "request " + grantType + ": " + a);
    return a.json().path("id").asText();
  }

  static String request(ApiClient as, String grantType) {
    return request(as, grantType, null, null, "testing " + grantType);
  }

  static String status(ApiClient as, String id) {
    Answer a = as.get("/api/v1/grants/" + id);
    assertEquals(200, a.status(), () -> "get " + id + ": " + a);
    return a.json().path("status").asText();
  }

  /** Polls the grant's page until it shows {@code wanted}. */
  static Answer awaitStatus(ApiClient as, String id, String wanted) {
    return ServerTestStack.eventually(
        () -> as.get("/api/v1/grants/" + id),
        a -> a.status() == 200 && wanted.equals(a.json().path("status").asText()),
        id + " to be " + wanted);
  }
}
