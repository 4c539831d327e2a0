package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admins manage grant types live over the API and the pages: checked by the config file's rules,
 * versioned, rolled back; new requests get the new version at once, a running grant keeps its own.
 */
class LiveGrantTypesApiTest extends ServerStackTest {

  /** db-admin's access for at most an hour, approved by group:sre, named {@code name}. */
  static Map<String, Object> dbShort(String name) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("description", "Database admin, one hour");
    t.put("kind", "posture");
    t.put("posture", Map.of("key", "custom:tailgrant_db_admin", "value", true));
    t.put("minDuration", "20s");
    t.put("maxDuration", "1h");
    t.put("risk", "high");
    t.put("requesters", List.of("group:eng", "group:sre"));
    t.put("approvers", List.of("group:sre"));
    return t;
  }

  static List<String> typeNames(ApiClient as) {
    List<String> names = new ArrayList<>();
    as.get("/api/v1/grant-types").json().forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  @Test
  void carolAddsATypeAndAliceRequestsItAtOnce() {
    Answer created = stack.as("carol-laptop").post("/api/v1/grant-types", dbShort("db-hour"));
    assertEquals(201, created.status(), created::toString);
    assertEquals("/api/v1/grant-types/db-hour", created.header("Location"));
    assertEquals("create", created.json().path("action").asText());
    assertEquals("carol@example.com", created.json().path("actor").asText());

    assertTrue(typeNames(stack.as("alice-laptop")).contains("db-hour"));
    String id = request(stack.as("alice-laptop"), "db-hour", null, "30m", "live type");
    Answer approved = stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());
    assertEquals("active", approved.json().path("status").asText(), approved::toString);
  }

  @Test
  void newRequestsGetTheNewVersionWhileARunningGrantKeepsItsOwn() {
    assertEquals(
        201, stack.as("carol-laptop").post("/api/v1/grant-types", dbShort("db-keep")).status());
    String first = request(stack.as("alice-laptop"), "db-keep", null, "45m", "before");

    Map<String, Object> v2 = dbShort("db-keep");
    v2.put("maxDuration", "30m");
    v2.put("approvers", List.of("erin@example.com"));
    Answer changed = stack.as("carol-laptop").put("/api/v1/grant-types/db-keep", v2);
    assertEquals(200, changed.status(), changed::toString);
    assertTrue(changed.json().path("diff").asText().contains("maxDuration: \"1h\" -> \"30m\""));

    Answer tooLong =
        stack.as("alice-laptop").post("/api/v1/grants", body("db-keep", null, "45m", "after"));
    assertEquals(400, tooLong.status(), "a new request: the new maximum");
    assertEquals("duration_out_of_range", tooLong.error());

    Answer kept = stack.as("alice-laptop").get("/api/v1/grants/" + first);
    assertEquals("pending_approval", kept.json().path("status").asText());
    assertEquals("PT45M", kept.json().path("duration").asText(), "its own version's 45m stands");
    Answer byBob = stack.as("bob-laptop").post("/api/v1/grants/" + first + "/approve", Map.of());
    // Its snapshot names bob, but a right from a role must hold by the types in force too.
    assertEquals(404, byBob.status(), () -> "bob is no approver of db-keep any more: " + byBob);
    Answer byErin = stack.as("erin-laptop").post("/api/v1/grants/" + first + "/approve", Map.of());
    assertEquals("active", byErin.json().path("status").asText(), byErin::toString);
  }

  @Test
  void everyChangeIsAnAdminsCheckedByTheFilesRulesAndVersioned() {
    ApiClient carol = stack.as("carol-laptop");
    Answer byAlice = stack.as("alice-laptop").post("/api/v1/grant-types", dbShort("x-alice"));
    assertEquals(403, byAlice.status(), byAlice::toString);

    Map<String, Object> bogus = dbShort("db-bogus");
    bogus.put("bogus", 1);
    Answer invalid = carol.post("/api/v1/grant-types", bogus);
    assertEquals(400, invalid.status(), invalid::toString);
    assertEquals("invalid_grant_type", invalid.error());
    assertTrue(
        invalid
            .json()
            .path("message")
            .asText()
            .contains("grantTypes[db-bogus].bogus: unknown key"));

    Map<String, Object> root = dbShort("db-root");
    root.put("posture", Map.of("key", "custom:tailgrant_root", "value", true));
    Answer wider = carol.post("/api/v1/grant-types", root);
    assertEquals(400, wider.status(), wider::toString);
    assertEquals("access_not_in_file", wider.error());

    Answer yaml =
        carol.post(
            "/api/v1/grant-types",
            "application/yaml",
            """
            name: db-yaml
            description: From YAML
            kind: posture
            posture: {key: "custom:tailgrant_db_admin", value: true}
            maxDuration: 2h
            risk: high
            requesters: [group:eng]
            approvers: [group:sre]
            """);
    assertEquals(201, yaml.status(), yaml::toString);
    long created = yaml.json().path("version").asLong();

    Answer retired = carol.delete("/api/v1/grant-types/db-yaml");
    assertEquals(200, retired.status(), retired::toString);
    assertFalse(typeNames(stack.as("alice-laptop")).contains("db-yaml"));
    Answer refused =
        stack.as("alice-laptop").post("/api/v1/grants", body("db-yaml", null, "1h", "x"));
    assertEquals("unknown_grant_type", refused.error());

    Answer back = carol.post("/api/v1/grant-types/db-yaml/rollback", Map.of("version", created));
    assertEquals(200, back.status(), back::toString);
    assertTrue(typeNames(stack.as("alice-laptop")).contains("db-yaml"));

    JsonNode detail = carol.get("/api/v1/grant-types/db-yaml").json();
    assertEquals("live", detail.path("source").asText(), detail::toString);
    assertEquals(3, detail.path("history").size(), detail::toString);
    assertEquals("rollback", detail.path("history").path(0).path("action").asText());
    assertEquals("2h", detail.path("definition").path("maxDuration").asText());
    JsonNode catalog = carol.get("/api/v1/catalog").json();
    assertTrue(catalog.path("liveEditing").asBoolean());
    assertEquals(403, stack.as("alice-laptop").get("/api/v1/catalog").status());
    assertEquals(404, carol.get("/api/v1/grant-types/no-such").status());
  }

  @Test
  void carolManagesTypesFromTheAdminPages() {
    Browser carol = stack.browser("carol-laptop");
    Page list = carol.get("/admin/grant-types");
    assertEquals(200, list.status(), list::toString);
    assertTrue(Html.textOf(list.body(), "grant-types").contains("db-admin config file"));
    assertEquals(403, stack.browser("alice-laptop").get("/admin/grant-types").status());

    String definition =
        """
        name: db-page
        description: Added <b>from</b> the page
        kind: posture
        posture: {key: "custom:tailgrant_db_admin", value: true}
        maxDuration: 1h
        risk: high
        requesters: [group:eng]
        approvers: [group:sre]
        """;
    Page bad = carol.submit("/admin/grant-types", "definition", definition.replace("1h", "soon"));
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(Html.textOf(bad.body(), "form-error").contains("maxDuration"), bad::toString);
    assertFalse(bad.body().contains("<b>from</b>"), "the definition is shown escaped");

    Page added = carol.submit("/admin/grant-types", "definition", definition);
    assertEquals(303, added.status(), added::toString);
    assertEquals("/admin/grant-types/db-page", added.location());
    Page type = carol.get("/admin/grant-types/db-page");
    assertTrue(Html.textOf(type.body(), "type-source").startsWith("live v"), type::toString);
    assertTrue(Html.textOf(type.body(), "versions").contains("create by carol@example.com"));

    Page retired = carol.submit("/admin/grant-types/db-page/retire");
    assertEquals(303, retired.status(), retired::toString);
    assertFalse(typeNames(stack.as("alice-laptop")).contains("db-page"));
  }
}
