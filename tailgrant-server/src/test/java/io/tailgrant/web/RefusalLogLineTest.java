package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.Refusal;
import org.junit.jupiter.api.Test;

/**
 * A refusal's message often carries what the user sent (an unknown grant type, a target): written
 * to the audit log as it is, a newline would let any tailnet user append a forged audit line.
 */
class RefusalLogLineTest {

  @Test
  void userInputCannotBreakOrRepaintTheAuditLine() {
    String forgedType =
        "x\nrefused actor=\"carol@example.com\" method=\"POST\" path=\"/api/v1/grants\" status=200\r"
            + "\u001b[2K\u001b[1Agranted\u009b31m \u202eevil";
    Refusal r =
        Refusal.badRequest("unknown_grant_type", "there is no grant type '" + forgedType + "'");

    String line =
        TailGrantServer.refusalLine("alice@example.com", "POST", "/api/v1/grants\n/evil", r);

    assertFalse(line.contains("\n") || line.contains("\r"), line);
    assertFalse(
        line.contains("\u001b") || line.contains("\u009b") || line.contains("\u202e"), line);
    assertTrue(line.contains("\\n") && line.contains("\\r") && line.contains("\\u001b"), line);
    String quoted = "\"(\\\\.|[^\"\\\\])*\"";
    assertTrue(
        line.matches(
            "refused actor="
                + quoted
                + " method="
                + quoted
                + " path="
                + quoted
                + " status=\\d+ error="
                + quoted
                + " message="
                + quoted),
        "one record whose values are each one quoted string: " + line);
    assertTrue(
        line.startsWith(
            "refused actor=\"alice@example.com\" method=\"POST\" path=\"/api/v1/grants\\n/evil\""),
        line);
  }

  @Test
  void quotesInsideValuesStayInsideTheirValue() {
    Refusal r = Refusal.forbidden("say \"status=200\"");

    String line = TailGrantServer.refusalLine("bob@example.com", "GET", "/", r);

    assertTrue(line.endsWith("message=\"say \\\"status=200\\\"\""), line);
  }
}
