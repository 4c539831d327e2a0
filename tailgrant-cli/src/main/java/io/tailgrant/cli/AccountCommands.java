package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * What you may do and who you are: {@code types}, {@code me}, and {@code logout} (ending a
 * TKA-style sign-in).
 */
final class AccountCommands {
  private AccountCommands() {}

  @Command(
      name = "types",
      description = "List the grant types you may request, with risk and approvers.")
  static final class Types extends ClientCommand {
    @Mixin Output.FormatOption format;

    Types(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      ServerClient.Answer a = server.get("/api/v1/grant-types");
      if (!a.ok()) {
        throw CliFailure.from(a, "cannot list the grant types");
      }
      JsonNode types = a.json(true, "GET /api/v1/grant-types");
      if (format.json()) {
        ctx.out.println(Output.json(types));
        return 0;
      }
      Output.Table t =
          new Output.Table("TYPE", "KIND", "RISK", "MAX", "REASON", "APPROVERS", "DESCRIPTION");
      for (JsonNode type : types) {
        t.row(
            type.path("name").asText(),
            type.path("kind").asText(),
            type.path("risk").asText(),
            Output.text(type.path("maxDuration")),
            type.path("reasonRequired").asBoolean(false) ? "required" : "optional",
            Output.list(type.path("approvers")),
            Output.text(type.path("description")));
      }
      t.lines().forEach(ctx.out::println);
      return 0;
    }
  }

  @Command(name = "me", description = "Show who the server takes you for.")
  static final class Me extends ClientCommand {
    @Mixin Output.FormatOption format;

    Me(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      ServerClient.Answer a = server.get("/api/v1/me");
      if (!a.ok()) {
        throw CliFailure.from(a, "cannot tell who you are");
      }
      JsonNode me = a.json(false, "GET /api/v1/me");
      if (format.json()) {
        ctx.out.println(Output.json(me));
        return 0;
      }
      ctx.show("login:   " + Output.text(me.path("login")));
      ctx.show("name:    " + Output.text(me.path("displayName")));
      ctx.show(
          "device:  "
              + Output.text(me.path("device").path("name"))
              + " ("
              + Output.text(me.path("device").path("nodeId"))
              + ")");
      ctx.show("admin:   " + (me.path("admin").asBoolean(false) ? "yes" : "no"));
      if (me.path("devMode").asBoolean(false)) {
        ctx.show("server:  dev mode (identities are simulated)");
      }
      return 0;
    }
  }

  @Command(
      name = "logout",
      description = {
        "End your TKA sign-in.",
        "Revokes your open grant of the server's TKA grant type (POST /api/v1alpha1/logout), as"
            + " Tailscale Kubernetes Auth's logout does."
      })
  static final class Logout extends ClientCommand {
    Logout(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      ServerClient.Answer a =
          server.post("/api/v1alpha1/logout", ServerClient.JSON.createObjectNode());
      if (a.status() == 404) {
        throw new CliFailure(
            CliFailure.ERROR, "not signed in, nothing to log out of: " + a.message());
      }
      if (!a.ok()) {
        throw CliFailure.from(a, "cannot log out");
      }
      JsonNode body = a.json(false, "POST /api/v1alpha1/logout");
      JsonNode grant = body.path("grant");
      String id = Untrusted.grantId(grant.isTextual() ? grant.textValue() : grant.toString());
      ctx.show(
          "logged out "
              + Output.text(body.path("username"))
              + ": grant "
              + id
              + " ("
              + Output.text(body.path("role"))
              + ") is revoked");
      return 0;
    }
  }
}
