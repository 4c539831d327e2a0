package io.tailgrant.sim.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request log is bounded: a dev stack that runs for days keeps only the newest requests. */
class AuditingDispatcherTest {

  @Test
  void onlyTheNewestRequestsAreKept() {
    Dispatcher ok =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse().setResponseCode(200);
          }
        };
    AuditingDispatcher audit = new AuditingDispatcher(ok, Map.of("t", "someone"), Map.of(), 3);
    for (int i = 0; i < 5; i++) {
      audit.dispatch(
          new RecordedRequest(
              "HTTP/1.1",
              HttpMethod.GET,
              "/api/v1/namespaces/ns/serviceaccounts/sa-" + i,
              new Headers.Builder().add("Authorization", "Bearer t").build(),
              new Buffer()));
    }
    assertEquals(
        List.of("sa-2", "sa-3", "sa-4"),
        audit.log().stream().map(r -> r.attributes().name()).toList());
    assertEquals("someone", audit.log().get(0).user());
    assertEquals(10_000, AuditingDispatcher.KEPT);
  }
}
