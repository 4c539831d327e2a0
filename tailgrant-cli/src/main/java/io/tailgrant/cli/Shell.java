package io.tailgrant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code shell}: login, then the user's shell with {@code KUBECONFIG} set; revokes on exit unless
 * {@code --keep}.
 */
final class Shell {
  private final Login login;
  private final ServerClient server;
  private final Map<String, String> env;
  private final PrintStream progress;

  Shell(Login login, ServerClient server, Map<String, String> env, PrintStream progress) {
    this.login = login;
    this.server = server;
    this.env = env;
    this.progress = progress;
  }

  int run(Login.Request request, boolean keep) throws IOException {
    Login.Result grant = login.run(request);
    String shell = env.getOrDefault("SHELL", "/bin/sh");
    ProcessBuilder pb = new ProcessBuilder(shell).inheritIO();
    pb.environment().clear();
    pb.environment().putAll(env);
    if (grant.kubeconfig() != null) {
      pb.environment().put("KUBECONFIG", grant.kubeconfig().toString());
    }
    if (grant.authKey() != null) {
      pb.environment().put("TS_AUTHKEY", grant.authKey());
    }
    pb.environment().put("TAILGRANT_GRANT", grant.grantId());
    say(
        "starting "
            + shell
            + " with grant "
            + grant.grantId()
            + (keep ? "; the grant stays after you exit" : "; exit the shell to revoke it"));
    int code;
    try {
      code = pb.start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = CliFailure.ERROR;
    } catch (IOException e) {
      // The access must not outlive a shell that never ran: fall through to the revoke.
      say("tailgrant: cannot start " + shell + ": " + e.getMessage());
      code = CliFailure.ERROR;
    }
    if (!keep) {
      ObjectNode body = ServerClient.JSON.createObjectNode().put("reason", "shell exited");
      ServerClient.Answer r =
          server.post("/api/v1/grants/" + TailGrantCli.encode(grant.grantId()) + "/revoke", body);
      say(
          r.ok()
              ? "revoked " + grant.grantId()
              : "could not revoke "
                  + grant.grantId()
                  + ": "
                  + r.message()
                  + " (./tailgrant revoke "
                  + grant.grantId()
                  + ")");
      if (!r.ok() && code == 0) {
        code = CliFailure.ERROR;
      }
    }
    return code;
  }

  /** A progress line; the server's message in it cannot drive the terminal. */
  private void say(String line) {
    progress.println(Untrusted.printable(line));
  }
}
