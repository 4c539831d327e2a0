package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every command that asks for a grant takes ({@code login}, {@code shell}, {@code request}),
 * and how it asks: {@code POST /api/v1/grants} with the fields given.
 */
final class RequestOptions {
  @Parameters(
      paramLabel = "<grantType>",
      description = "the grant type to request (tailgrant types lists yours)")
  String grantType;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "how long, such as 90m, 1h30m or PT1H30M (default: the type's)")
  String duration;

  @Option(names = "--reason", paramLabel = "R", description = "why; some types require one")
  String reason;

  @Option(
      names = "--target",
      paramLabel = "T",
      description = "the device (node id or host name) for types that target one; default: yours")
  String target;

  /** The request's body with the fields every command takes (the unset ones left out). */
  static ObjectNode body(String grantType, String duration, String reason, String target) {
    ObjectNode body = ServerClient.JSON.createObjectNode().put("grantType", grantType);
    putIfSet(body, "duration", duration);
    putIfSet(body, "reason", reason);
    putIfSet(body, "target", target);
    return body;
  }

  static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  /** Sends the request; the grant the server started (its id checked), or the refusal. */
  static JsonNode post(ServerClient server, ObjectNode body) throws IOException {
    ServerClient.Answer created = server.post("/api/v1/grants", body);
    if (!created.ok()) {
      String type = body.path("grantType").asText();
      throw CliFailure.from(
          created, created.status() == 403 ? "not eligible for " + type : "request refused");
    }
    JsonNode grant = created.json();
    Untrusted.grantId(grant);
    return grant;
  }
}
