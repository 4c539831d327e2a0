package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.sim.SimSeed;
import io.tailgrant.web.ApiClient.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles from the tailnet policy's {@code example.com/cap/tailgrant} capability over HTTP, as the
 * simulated tailnet's WhoIs serves it: grace approves db-admin and requests ssh-prod only by the
 * policy; frank's value is malformed and gives him nothing; dave has none; and, on a tailnet whose
 * policy makes dave an admin, dave sees and revokes every grant but approves nothing.
 */
class TailnetPolicyRolesTest extends ServerStackTest {
  static final String CAP = "example.com/cap/tailgrant";

  static ServerTestStack daveAdmin;

  @BeforeAll
  static void startDaveAdmin() throws Exception {
    SimSeed d = SimSeed.defaultSeed();
    List<SimSeed.CapabilityGrant> caps = new ArrayList<>(d.capabilities());
    caps.add(
        new SimSeed.CapabilityGrant(
            List.of("dave@example.com"),
            Map.of(CAP, List.of(new ObjectMapper().readTree("{\"admin\":true}")))));
    daveAdmin =
        ServerTestStack.start(
            new SimSeed(
                d.tailnet(),
                d.dnsSuffix(),
                d.users(),
                d.groups(),
                d.devices(),
                d.tagOwners(),
                d.oauthClients(),
                caps,
                d.self(),
                d.webhookEndpoint()));
  }

  @AfterAll
  static void stopDaveAdmin() {
    daveAdmin.close();
  }

  static Set<String> names(JsonNode list) {
    return Set.copyOf(
        StreamSupport.stream(list.spliterator(), false).map(t -> t.path("name").asText()).toList());
  }

  static boolean lists(ApiClient as, String view, String id) {
    JsonNode page = as.get("/api/v1/grants?limit=500&view=" + view).json().path("grants");
    return StreamSupport.stream(page.spliterator(), false)
        .anyMatch(g -> g.path("id").asText().equals(id));
  }

  @Test
  void anApproverOnlyByThePolicyFindsAndApprovesTheRequest() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "30m", "incident 42");
    ApiClient grace = stack.as("grace-laptop");
    ServerTestStack.eventually(
        () -> lists(grace, "approvals", id), b -> b, id + " in grace's inbox");
    assertEquals(200, grace.get("/api/v1/grants/" + id).status());

    Answer approved = grace.post("/api/v1/grants/" + id + "/approve", Map.of("comment", "ok"));
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("active", approved.json().path("status").asText(), approved::toString);
    JsonNode vote = approved.json().path("approvals").get(0);
    assertEquals("grace@example.com", vote.path("actor").asText());
    assertTrue(vote.path("byCapability").asBoolean(), vote::toString);
    String page = stack.browser("alice-laptop").get("/grants/" + id).body();
    assertTrue(
        Html.mainText(page)
            .contains("grace@example.com approved (an approver by the tailnet policy)"),
        page);
  }

  @Test
  void whoeverThePolicyDoesNotNameCannotApprove() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "30m", "incident 43");
    String ci = request(stack.as("alice-laptop"), "ci-deploy", "ci-runner-1", "30m", "release");
    GrantRequests.awaitStatus(stack.as("alice-laptop"), id, "pending_approval");
    // dave holds no capability, frank's is malformed, grace's does not name ci-deploy, and the
    // requester is never her own approver (even bob, an SRE, could not approve his own).
    for (String host : List.of("dave-laptop", "frank-laptop")) {
      Answer a = stack.as(host).post("/api/v1/grants/" + id + "/approve", Map.of());
      assertEquals(404, a.status(), () -> host + ": " + a);
      assertFalse(lists(stack.as(host), "approvals", id), host);
    }
    Answer notHers = stack.as("grace-laptop").post("/api/v1/grants/" + ci + "/approve", Map.of());
    assertEquals(404, notHers.status(), notHers::toString);
    assertEquals("pending_approval", GrantRequests.status(stack.as("alice-laptop"), id));
    assertEquals("pending_approval", GrantRequests.status(stack.as("alice-laptop"), ci));
  }

  @Test
  void aRequesterOnlyByThePolicyMayRequestWhatItNamesAndNothingElse() {
    assertEquals(
        Set.of("ssh-prod"), names(stack.as("grace-laptop").get("/api/v1/grant-types").json()));
    String id = request(stack.as("grace-laptop"), "ssh-prod", null, "30m", "check the logs");
    GrantRequests.awaitStatus(stack.as("grace-laptop"), id, "active");
    Answer refused =
        stack.as("grace-laptop").post("/api/v1/grants", body("db-admin", null, "30m", "x"));
    assertEquals(403, refused.status(), refused::toString);
    assertFalse(
        names(stack.as("frank-laptop").get("/api/v1/grant-types").json()).contains("db-admin"));
  }

  @Test
  void anAdminByThePolicySeesAndRevokesEverythingButApprovesNothing() {
    ApiClient dave = daveAdmin.as("dave-laptop");
    assertTrue(dave.get("/api/v1/me").json().path("admin").asBoolean());
    String pending = request(daveAdmin.as("alice-laptop"), "db-admin", null, "30m", "incident 44");
    String active = request(daveAdmin.as("alice-laptop"), "ssh-prod", null, "30m", "logs");
    GrantRequests.awaitStatus(daveAdmin.as("alice-laptop"), active, "active");
    ServerTestStack.eventually(() -> lists(dave, "all", pending), b -> b, pending + " in all");
    assertEquals(200, dave.get("/api/v1/grants/" + pending).status());
    assertTrue(daveAdmin.browser("dave-laptop").get("/admin").body().contains(pending));

    Answer approve = dave.post("/api/v1/grants/" + pending + "/approve", Map.of());
    assertEquals(403, approve.status(), approve::toString);
    Answer revoked = dave.post("/api/v1/grants/" + active + "/revoke", Map.of("reason", "audit"));
    assertEquals(200, revoked.status(), revoked::toString);
    GrantRequests.awaitStatus(daveAdmin.as("alice-laptop"), active, "revoked");
    // Everyone else is as the default tailnet has them: frank is no admin.
    assertFalse(daveAdmin.as("frank-laptop").get("/api/v1/me").json().path("admin").asBoolean());
    assertEquals(403, daveAdmin.as("frank-laptop").get("/api/v1/grants?view=all").status());
  }
}
