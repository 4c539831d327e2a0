package io.tailgrant.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.worker.WorkflowTestStack;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server lists ended grants from the audit file by {@link AuditActions}: each way a grant ends
 * must leave exactly one ending action, telling the status the grant ended in, and begin with its
 * request.
 */
class AuditEndingsTest {
  @Test
  void everyEndingIsAuditedAsTheStatusItEndsIn() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow expired =
          stack.request(
              "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
      GrantWorkflow revoked =
          stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
      GrantWorkflow denied =
          stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
      GrantInput fresh = stack.input("ssh-prod", "alice@example.com", Duration.ofHours(1));
      GrantWorkflow refused =
          stack.start(
              new GrantInput(
                  fresh.grantId(),
                  fresh.spec(),
                  fresh.requester(),
                  fresh.target(),
                  fresh.duration(),
                  fresh.reason(),
                  fresh.requestedAt().minus(Duration.ofHours(1)),
                  fresh.limits(),
                  null,
                  null,
                  false,
                  null));

      stack.awaitStatus(revoked, GrantStatus.ACTIVE);
      revoked.revoke(
          new RevokeRequest("alice@example.com", "done", WorkflowTestStack.grantId(revoked), null));
      stack.awaitStatus(denied, GrantStatus.PENDING_APPROVAL);
      denied.deny(new Decision("bob@example.com", "no", WorkflowTestStack.grantId(denied), null));

      for (GrantWorkflow wf : List.of(expired, revoked, denied, refused)) {
        GrantView end = stack.result(wf);
        Map<String, JsonNode> events = events(stack, end.id());
        List<GrantStatus> endings =
            events.values().stream()
                .map(e -> AuditActions.endedAs(e.path("action").asText()))
                .flatMap(java.util.Optional::stream)
                .toList();
        assertEquals(List.of(end.status()), endings, () -> end.id() + ": " + events.keySet());
        assertEquals(
            AuditActions.REQUESTED,
            events.get(end.id() + "/1").path("action").asText(),
            "the first event is the request");
      }
      assertEquals(
          List.of(GrantStatus.EXPIRED, GrantStatus.REVOKED, GrantStatus.DENIED, GrantStatus.FAILED),
          List.of(expired, revoked, denied, refused).stream()
              .map(wf -> stack.result(wf).status())
              .toList(),
          "precondition: each way of ending");
    }
  }

  /** The grant's audit events, deduped by id. */
  private static Map<String, JsonNode> events(WorkflowTestStack stack, String grantId)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (String line : Files.readString(stack.auditFile).split("\n")) {
      JsonNode e = json.readTree(line);
      if (e.path("grantId").asText().equals(grantId)) {
        byId.putIfAbsent(e.path("id").asText(), e);
      }
    }
    return byId;
  }
}
