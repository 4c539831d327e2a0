package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Commands on grants that exist: list and show them ({@code grants}, {@code status}, {@code
 * approvals}), end or extend your own ({@code revoke}, {@code extend}), decide on others' ({@code
 * approve}, {@code deny}).
 */
final class GrantCommands {
  private GrantCommands() {}

  @Command(name = "grants", description = "List your grants, newest first.")
  static final class Grants extends ClientCommand {
    @Mixin Output.FormatOption format;

    @Option(
        names = "--all",
        description = "every page, older grants too (at most " + GrantList.MAX_PAGES + " pages)")
    boolean all;

    Grants(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      GrantList.Listed listed =
          GrantList.fetch(server, "/api/v1/grants?view=mine", all, "your grants");
      JsonNode list = listed.grants();
      if (listed.more()) {
        ctx.say(
            all
                ? "stopped after " + GrantList.MAX_PAGES + " pages: older grants are not shown"
                : "older grants are not shown: tailgrant grants --all");
      }
      if (format.json()) {
        ctx.out.println(Output.json(list));
        return 0;
      }
      Output.Table t = new Output.Table("ID", "TYPE", "STATUS", "TARGET", "ENDS");
      for (JsonNode g : list) {
        t.row(
            g.path("id").asText(),
            g.path("grantType").asText() + breakGlassMark(g),
            g.path("status").asText(),
            g.path("targetName").asText(),
            Output.text(g.path("expiresAt")));
      }
      t.lines().forEach(ctx.out::println);
      return 0;
    }
  }

  @Command(name = "approvals", description = "List the requests waiting for your approval.")
  static final class Approvals extends ClientCommand {
    @Mixin Output.FormatOption format;

    Approvals(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      // Every page: an approver sees every request waiting (they are all open grants).
      GrantList.Listed listed =
          GrantList.fetch(
              server, "/api/v1/grants?view=approvals", true, "the requests waiting for you");
      JsonNode list = listed.grants();
      if (listed.more()) {
        ctx.say("stopped after " + GrantList.MAX_PAGES + " pages: not every request is shown");
      }
      if (format.json()) {
        ctx.out.println(Output.json(list));
        return 0;
      }
      Output.Table t =
          new Output.Table("ID", "TYPE", "RISK", "REQUESTER", "TARGET", "REQUESTED", "REASON");
      for (JsonNode g : list) {
        t.row(
            g.path("id").asText(),
            g.path("grantType").asText() + breakGlassMark(g),
            g.path("risk").asText(),
            g.path("requester").asText(),
            g.path("targetName").asText(),
            Output.text(g.path("requestedAt")),
            Output.text(g.path("reason")));
      }
      t.lines().forEach(ctx.out::println);
      return 0;
    }
  }

  @Command(name = "status", description = "Show one grant with its timeline.")
  static final class Status extends ClientCommand {
    @Parameters(paramLabel = "<grantId>", description = "the grant, g-...")
    String id;

    @Mixin Output.FormatOption format;

    Status(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      ServerClient.Answer a = server.get("/api/v1/grants/" + TailGrantCli.encode(id));
      if (!a.ok()) {
        throw CliFailure.from(a, "cannot show " + id);
      }
      JsonNode g = a.json(false, "GET /api/v1/grants/" + id);
      String shownId = Untrusted.grantId(g);
      if (format.json()) {
        ctx.out.println(Output.json(g));
        return 0;
      }
      ctx.show(shownId + "  " + g.path("grantType").asText() + "  " + g.path("status").asText());
      ctx.show(
          "  requester: "
              + g.path("requester").asText()
              + "   target: "
              + g.path("target").path("name").asText());
      ctx.show("  reason:    " + Output.text(g.path("reason")));
      if (g.path("startsAt").isTextual()) {
        ctx.show("  starts:    " + Output.text(g.path("startsAt")));
      }
      ctx.show(
          "  active:    "
              + Output.text(g.path("activatedAt"))
              + " → "
              + Output.text(g.path("expiresAt")));
      if (g.path("breakGlass").asBoolean(false)) {
        JsonNode review = g.path("review");
        ctx.show(
            "  break-glass: "
                + (review.isObject()
                    ? review.path("decision").asText() + " by " + review.path("actor").asText()
                    : "not reviewed yet; review by " + Output.text(g.path("reviewBy"))));
      }
      if (!g.path("failure").isNull() && !g.path("failure").isMissingNode()) {
        ctx.show("  failure:   " + g.path("failure").asText());
      }
      for (JsonNode e : g.path("timeline")) {
        ctx.show(
            "  "
                + e.path("at").asText()
                + "  "
                + e.path("actor").asText()
                + "  "
                + e.path("action").asText()
                + (e.path("detail").isNull() ? "" : ": " + e.path("detail").asText()));
      }
      return 0;
    }
  }

  @Command(name = "revoke", description = "End a grant now.")
  static final class Revoke extends ClientCommand {
    @Parameters(paramLabel = "<grantId>", description = "the grant, g-...")
    String id;

    @Option(names = "--reason", paramLabel = "R", description = "why, for the audit trail")
    String reason;

    Revoke(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      JsonNode g = post(server, id, "revoke", "reason", reason);
      ctx.show(id + " is " + g.path("status").asText());
      return 0;
    }
  }

  @Command(name = "extend", description = "Move a grant's end (never past its type's maximum).")
  static final class Extend extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<grantId>", description = "the grant, g-...")
    String id;

    @Parameters(
        index = "1",
        paramLabel = "<duration>",
        description = "how much longer, such as 10m, 1h or PT30M")
    String duration;

    Extend(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      JsonNode g = post(server, id, "extend", "duration", duration);
      ctx.show(id + " is " + g.path("status").asText() + " until " + g.path("expiresAt").asText());
      return 0;
    }
  }

  @Command(name = "approve", description = "Approve a request waiting for you.")
  static final class Approve extends ClientCommand {
    @Parameters(paramLabel = "<grantId>", description = "the grant, g-... (tailgrant approvals)")
    String id;

    @Option(names = "--comment", paramLabel = "C", description = "a note for the requester")
    String comment;

    @Option(
        names = "--for",
        paramLabel = "D",
        description = "approve for less time than asked, such as 30m (never more)")
    String duration;

    Approve(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      JsonNode g = post(server, id, "approve", "comment", comment, "duration", duration);
      ctx.show("approved " + id + "; it is now " + g.path("status").asText().replace('_', ' '));
      return 0;
    }
  }

  @Command(name = "deny", description = "Deny a request waiting for you.")
  static final class Deny extends ClientCommand {
    @Parameters(paramLabel = "<grantId>", description = "the grant, g-... (tailgrant approvals)")
    String id;

    @Option(names = "--comment", paramLabel = "C", description = "why, for the requester")
    String comment;

    Deny(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      JsonNode g = post(server, id, "deny", "comment", comment);
      ctx.show("denied " + id + "; it is now " + g.path("status").asText().replace('_', ' '));
      return 0;
    }
  }

  @Command(
      name = "review",
      description = "Confirm or revoke a break-glass grant you review (never your own).")
  static final class Review extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<grantId>", description = "the grant, g-...")
    String id;

    @Parameters(
        index = "1",
        paramLabel = "confirm|revoke",
        description = "confirm: it runs to its end; revoke: it ends now")
    String decision;

    @Option(names = "--comment", paramLabel = "C", description = "why, for the audit trail")
    String comment;

    Review(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      if (!decision.equals("confirm") && !decision.equals("revoke")) {
        throw new CliFailure(CliFailure.USAGE, "the decision is confirm or revoke");
      }
      JsonNode g = post(server, id, "review", "decision", decision, "comment", comment);
      ctx.show(
          (decision.equals("confirm") ? "confirmed " : "revoked ")
              + id
              + "; it is now "
              + g.path("status").asText().replace('_', ' '));
      return 0;
    }
  }

  /** " (break-glass)" after the type of a grant whose requester broke glass, else nothing. */
  static String breakGlassMark(JsonNode g) {
    return g.path("breakGlass").asBoolean(false) ? " (break-glass)" : "";
  }

  /**
   * {@code POST /api/v1/grants/{id}/{action}} with {@code {field: value, ...}} from the pairs given
   * (null values left out); the grant the server answers with, its id checked.
   */
  static JsonNode post(ServerClient server, String id, String action, String... fieldsAndValues)
      throws IOException {
    ObjectNode body = ServerClient.JSON.createObjectNode();
    for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
      if (fieldsAndValues[i + 1] != null) {
        body.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
      }
    }
    ServerClient.Answer a =
        server.post("/api/v1/grants/" + TailGrantCli.encode(id) + "/" + action, body);
    if (!a.ok()) {
      throw CliFailure.from(a, "cannot " + action + " " + id);
    }
    JsonNode g = a.json();
    Untrusted.grantId(g);
    return g;
  }
}
