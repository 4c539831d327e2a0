package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.body;
import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code approvals}, {@code approve} and {@code deny}: requests waiting for me, and my answer. */
class ApprovalCommandsTest {
  private static final String ID = "g-7kq2m9xa4trc";
  private MockWebServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    env =
        Map.of(
            "HOME",
            "/nonexistent-home-for-approval-tests",
            "TAILGRANT_SERVER",
            server.url("/").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ArrayNode waiting() {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(
        FakeApi.summary(ID, "k8s-admin", "pending_approval", "dev", null)
            .put("risk", "high")
            .put("requester", "alice@example.com")
            .put("reason", "incident 42: pods crash looping"));
    list.add(
        FakeApi.summary("g-secondreq22", "db-admin", "pending_approval", "prod-db-1", null)
            .put("risk", "high")
            .put("requester", "dave@example.com")
            .put("requestedAt", "2026-03-01T10:05:00Z"));
    return list;
  }

  @Test
  void approvalsPrintsATableOfTheRequestsWaitingForMe() throws Exception {
    server.enqueue(json(200, FakeApi.page(waiting())));

    CliRun r = CliRun.run(env, "approvals");

    assertEquals(0, r.exit(), r.transcript());
    List<String> lines = r.outLines();
    assertEquals(3, lines.size(), r.out());
    assertEquals(
        List.of("ID", "TYPE", "RISK", "REQUESTER", "TARGET", "REQUESTED", "REASON"),
        List.of(lines.get(0).split("\\s+")));
    assertEquals(
        List.of(
            ID,
            "k8s-admin",
            "high",
            "alice@example.com",
            "dev",
            "2026-03-01T10:00:00Z",
            "incident",
            "42:",
            "pods",
            "crash",
            "looping"),
        List.of(lines.get(1).split("\\s+")));
    assertEquals(
        List.of("g-secondreq22", "db-admin", "high", "dave@example.com", "prod-db-1"),
        List.of(lines.get(2).split("\\s+")).subList(0, 5));
    int requester = lines.get(0).indexOf("REQUESTER");
    assertEquals(requester, lines.get(1).indexOf("alice@"), "columns line up:\n" + r.out());
    assertEquals(requester, lines.get(2).indexOf("dave@"), "columns line up:\n" + r.out());
    assertEquals("", r.err());
    RecordedRequest q = take(server);
    assertEquals("GET /api/v1/grants?view=approvals", q.getMethod() + " " + q.getTarget());
  }

  @Test
  void approvalsAsJsonIsTheServersList() throws Exception {
    ArrayNode list = waiting();
    server.enqueue(json(200, FakeApi.page(list)));

    CliRun r = CliRun.run(env, "approvals", "--format", "json");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(list, FakeApi.JSON.readTree(r.out()));
    assertEquals("", r.err());
    assertEquals("/api/v1/grants?view=approvals", take(server).getTarget());
  }

  @Test
  void noneWaitingIsJustTheHeader() {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    CliRun r = CliRun.run(env, "approvals");
    assertEquals(0, r.exit(), r.transcript());
    assertEquals(1, r.outLines().size(), r.out());
  }

  @Test
  void aMalformedIdInTheListPrintsNothingAndExitsOne() {
    ArrayNode list = waiting();
    list.add(FakeApi.summary("g-x; rm -rf ~", "k8s-admin", "pending_approval", "dev", null));
    server.enqueue(json(200, FakeApi.page(list)));

    CliRun r = CliRun.run(env, "approvals");

    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("malformed grant id"), r.err());
  }

  @Test
  void approvePostsTheCommentAndSaysWhatTheGrantIsNow() throws Exception {
    server.enqueue(json(200, FakeApi.grant(ID, "k8s-admin", "kubernetes", "activating")));

    CliRun r = CliRun.run(env, "approve", ID, "--comment", "go ahead");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of("approved " + ID + "; it is now activating"), r.outLines());
    RecordedRequest q = take(server);
    assertEquals("POST /api/v1/grants/" + ID + "/approve", q.getMethod() + " " + q.getTarget());
    assertEquals(FakeApi.JSON.createObjectNode().put("comment", "go ahead"), body(q));
  }

  @Test
  void approveForLessTimePostsTheDuration() throws Exception {
    server.enqueue(json(200, FakeApi.grant(ID, "k8s-admin", "kubernetes", "activating")));

    CliRun r = CliRun.run(env, "approve", ID, "--for", "20m", "--comment", "the hotfix only");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(
        FakeApi.JSON.createObjectNode().put("comment", "the hotfix only").put("duration", "20m"),
        body(take(server)));
  }

  @Test
  void approveWithoutCommentPostsAnEmptyObject() throws Exception {
    server.enqueue(json(200, FakeApi.pendingApproval(ID, "k8s-admin")));

    CliRun r = CliRun.run(env, "approve", "--comment=", ID);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of("approved " + ID + "; it is now pending approval"), r.outLines());
    assertEquals(FakeApi.JSON.createObjectNode().put("comment", ""), body(take(server)));

    server.enqueue(json(200, FakeApi.grant(ID, "k8s-admin", "kubernetes", "activating")));
    assertEquals(0, CliRun.run(env, "approve", ID).exit());
    assertEquals(FakeApi.JSON.createObjectNode(), body(take(server)));
  }

  @Test
  void denyPostsTheComment() throws Exception {
    ObjectNode denied = FakeApi.denied(ID, "k8s-admin", "bob@example.com", "not in the freeze");
    server.enqueue(json(200, denied));

    CliRun r = CliRun.run(env, "deny", ID, "--comment=not in the freeze");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of("denied " + ID + "; it is now denied"), r.outLines());
    RecordedRequest q = take(server);
    assertEquals("POST /api/v1/grants/" + ID + "/deny", q.getMethod() + " " + q.getTarget());
    assertEquals(FakeApi.JSON.createObjectNode().put("comment", "not in the freeze"), body(q));
  }

  @Test
  void approvingWhatIsNotMineToApproveExitsFive() {
    server.enqueue(
        FakeApi.refusal(403, "forbidden", "alice@example.com may not approve her own request"));

    CliRun r = CliRun.run(env, "approve", ID);

    assertEquals(5, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(
        r.err().contains("cannot approve " + ID + ": alice@example.com may not approve"), r.err());
  }

  @Test
  void decidingAnAlreadyDecidedRequestExitsTwo() {
    server.enqueue(FakeApi.refusal(409, "wrong_state", "grant " + ID + " is not pending"));
    CliRun r = CliRun.run(env, "deny", ID);
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(
        r.err().contains("cannot deny " + ID + ": grant " + ID + " is not pending"), r.err());
  }

  @Test
  void aMalformedIdInTheAnswerIsRefused() {
    server.enqueue(json(200, FakeApi.grant("../../x", "k8s-admin", "kubernetes", "activating")));
    CliRun r = CliRun.run(env, "approve", ID);
    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("malformed grant id"), r.err());
  }

  @Test
  void theIdIsEncodedIntoThePath() throws Exception {
    server.enqueue(FakeApi.refusal(404, "not_found", "no"));
    CliRun.run(env, "approve", "g-x/../../admin?y");
    assertEquals("/api/v1/grants/g-x%2F..%2F..%2Fadmin%3Fy/approve", take(server).getTarget());
  }
}
