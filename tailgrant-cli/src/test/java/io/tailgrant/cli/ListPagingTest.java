package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lists come in pages: {@code grants} shows the first and says there are more ({@code --all}
 * follows them), {@code approvals} follows every page; a server's tokens are not trusted.
 */
class ListPagingTest {
  private MockWebServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    env =
        Map.of(
            "HOME",
            "/nonexistent-home-for-paging-tests",
            "TAILGRANT_SERVER",
            server.url("/").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static ObjectNode page(String token, String... ids) {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    for (String id : ids) {
      list.add(FakeApi.summary(id, "k8s-view", "active", "dev", null));
    }
    ObjectNode p = FakeApi.page(list);
    if (token != null) {
      p.put("nextPageToken", token);
    }
    return p;
  }

  @Test
  void grantsShowsTheFirstPageAndSaysThereAreMore() throws Exception {
    server.enqueue(json(200, page("T2", "g-aaaaaaaa", "g-bbbbbbbb")));
    CliRun r = CliRun.run(env, "grants");
    assertEquals(0, r.exit(), r.transcript());
    assertEquals(3, r.outLines().size(), r.out());
    assertTrue(r.err().contains("tailgrant grants --all"), r.err());
    assertEquals(1, server.getRequestCount(), "one page only");
  }

  @Test
  void grantsAllFollowsEveryPage() throws Exception {
    server.enqueue(json(200, page("T2", "g-aaaaaaaa")));
    server.enqueue(json(200, page("T3", "g-bbbbbbbb")));
    server.enqueue(json(200, page(null, "g-cccccccc")));
    CliRun r = CliRun.run(env, "grants", "--all", "--format", "json");
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(
        r.out().contains("g-aaaaaaaa")
            && r.out().contains("g-bbbbbbbb")
            && r.out().contains("g-cccccccc"),
        r.out());
    assertEquals("/api/v1/grants?view=mine", take(server).getTarget());
    assertEquals("/api/v1/grants?view=mine&pageToken=T2", take(server).getTarget());
    assertEquals("/api/v1/grants?view=mine&pageToken=T3", take(server).getTarget());
    assertEquals("", r.err());
  }

  @Test
  void approvalsFollowsEveryPage() throws Exception {
    server.enqueue(json(200, page("T2", "g-aaaaaaaa")));
    server.enqueue(json(200, page(null, "g-bbbbbbbb")));
    CliRun r = CliRun.run(env, "approvals");
    assertEquals(0, r.exit(), r.transcript());
    assertEquals(3, r.outLines().size(), r.out());
    assertEquals("/api/v1/grants?view=approvals", take(server).getTarget());
    assertEquals("/api/v1/grants?view=approvals&pageToken=T2", take(server).getTarget());
  }

  @Test
  void aTokenThatComesBackOrIsNoTokenEndsTheListingWithNothingPrinted() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(200, page("SAME", "g-aaaaaaaa"));
          }
        });
    CliRun loop = CliRun.run(env, "grants", "--all");
    assertEquals(1, loop.exit(), loop.transcript());
    assertEquals("", loop.out());
    assertEquals(2, server.getRequestCount(), "the repeated token is not followed again");

    for (String bad : List.of("a&view=all", "../x", "T 2", "")) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return json(200, page(bad, "g-aaaaaaaa"));
            }
          });
      CliRun r = CliRun.run(env, "approvals");
      assertEquals(1, r.exit(), r.transcript());
      assertEquals("", r.out(), bad);
    }
  }

  @Test
  void anEndlessServerIsFollowedAHundredPagesAtMost() {
    AtomicInteger n = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(200, page("T" + n.incrementAndGet(), "g-aaaaaaaa"));
          }
        });
    CliRun r = CliRun.run(env, "grants", "--all");
    assertEquals(0, r.exit(), r.transcript());
    assertEquals(GrantList.MAX_PAGES, server.getRequestCount());
    assertTrue(r.err().contains("stopped after 100 pages"), r.err());
  }

  @Test
  void anAnswerThatIsNoPageIsRefused() {
    server.enqueue(json(200, "[]"));
    CliRun r = CliRun.run(env, "grants");
    assertEquals(1, r.exit(), r.transcript());
    assertTrue(r.err().contains("not a"), r.err());
  }
}
