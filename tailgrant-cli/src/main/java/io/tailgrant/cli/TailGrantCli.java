package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./tailgrant login|shell|grants|status|kubeconfig|revoke|extend}: ask for access, wait for
 * it, and use it, from a terminal. Progress goes to stderr and the one line to act on (an {@code
 * export KUBECONFIG=...}) to stdout, so {@code eval "$(./tailgrant login ...)"} works.
 */
public final class TailGrantCli {
  static final String USAGE =
      """
      usage: tailgrant <command> [--server URL] [--dev-as DEVICE] ...
        login <grantType> [--duration D] [--reason R] [--target T] [--wait D]
                                   request access, wait for approval and activation; for kubernetes
                                   grants write ~/.kube/tailgrant/<id>.yaml and print the export line
        shell <grantType> [login options] [--keep]
                                   login, then a shell with KUBECONFIG set; revokes on exit unless --keep
        grants                     your grants
        status <id>                one grant
        kubeconfig <id>            write a fresh kubeconfig for an active kubernetes grant
        revoke <id> [--reason R]   end a grant now
        extend <id> <duration>     move a grant's end (never past its type's maximum)
      --server URL     the TailGrant server (or TAILGRANT_SERVER; default http://127.0.0.1:8080); https://,
                       or http:// only to this machine (127.0.0.1, [::1], localhost) unless --allow-http
      --allow-http     also use a plain http:// server elsewhere (or TAILGRANT_ALLOW_HTTP=1): requests and
                       kubeconfig tokens then cross the network unencrypted; for trusted networks only
      --dev-as DEVICE  dev stack only: act as a simulated device (or TAILGRANT_DEV_AS)
      Exit codes: 0 done, 1 error, 2 bad usage or request, 3 denied or failed, 4 timed out, 5 not eligible.""";
  static final Set<String> COMMANDS =
      Set.of("login", "shell", "grants", "status", "kubeconfig", "revoke", "extend");

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Duration pollInterval;

  TailGrantCli(Map<String, String> env, PrintStream out, PrintStream err, Duration pollInterval) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.pollInterval = pollInterval;
  }

  /**
   * Runs one command with the given environment and streams (tests, embedding); returns its exit
   * code.
   */
  public static int execute(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return new TailGrantCli(env, out, err, Duration.ofMillis(500)).run(args);
  }

  public static void main(String[] args) {
    System.exit(
        new TailGrantCli(System.getenv(), System.out, System.err, Duration.ofSeconds(1)).run(args));
  }

  /** Runs one command; returns its exit code. */
  int run(String[] args) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || !COMMANDS.contains(args[0])) {
      (args.length == 0 || !args[0].startsWith("-h") && !args[0].equals("--help") ? err : out)
          .println(USAGE);
      return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))
          ? 0
          : CliFailure.USAGE;
    }
    if (Arrays.asList(args).contains("--help")) {
      out.println(USAGE);
      return 0;
    }
    try {
      Arguments a =
          new Arguments(
              List.of(args).subList(1, args.length),
              Set.of("--server", "--dev-as", "--duration", "--reason", "--target", "--wait"),
              Set.of("--keep", "--allow-http"));
      boolean allowHttp =
          a.flag("--allow-http")
              || Set.of("1", "true")
                  .contains(
                      String.valueOf(env.get("TAILGRANT_ALLOW_HTTP"))
                          .trim()
                          .toLowerCase(Locale.ROOT));
      String url =
          ServerClient.checkedBaseUrl(
              first(a.option("--server"), env.get("TAILGRANT_SERVER"), "http://127.0.0.1:8080"),
              allowHttp);
      ServerClient server =
          new ServerClient(url, first(a.option("--dev-as"), env.get("TAILGRANT_DEV_AS"), null));
      if (server.plainHttpElsewhere() != null) {
        err.println(
            "tailgrant: warning: plain http to "
                + Untrusted.printable(server.plainHttpElsewhere())
                + " (--allow-http): requests and kubeconfig tokens are not encrypted");
      }
      Login login =
          new Login(
              server,
              err,
              pollInterval,
              KubeconfigFiles.dir(first(env.get("HOME"), System.getProperty("user.home"), ".")));
      return switch (args[0]) {
        case "login" -> {
          Login.Result r = login.run(a);
          if (r.kubeconfig() != null) {
            out.println(exportLine(r.kubeconfig()));
          }
          yield 0;
        }
        case "shell" -> new Shell(login, server, env, err).run(a);
        case "grants" -> grants(server);
        case "status" -> status(server, a.word(0, "grant id"));
        case "kubeconfig" -> {
          String id = a.word(0, "grant id");
          if (!Untrusted.isGrantId(id)) {
            throw new CliFailure(
                CliFailure.USAGE,
                "\""
                    + Untrusted.printable(id)
                    + "\" is not a grant id (g- and 6 to 40 lower-case letters or digits)");
          }
          out.println(exportLine(login.kubeconfig(id)));
          yield 0;
        }
        case "revoke" ->
            change(server, a.word(0, "grant id"), "revoke", "reason", a.option("--reason"));
        case "extend" ->
            change(server, a.word(0, "grant id"), "extend", "duration", a.word(1, "duration"));
        default -> CliFailure.USAGE;
      };
    } catch (CliFailure f) {
      // Messages quote the server (its "message" field, ids, statuses): printable only.
      err.println("tailgrant: " + Untrusted.printable(f.getMessage()));
      return f.exitCode;
    } catch (IOException e) {
      err.println(
          "tailgrant: cannot reach the TailGrant server: " + Untrusted.printable(e.getMessage()));
      return CliFailure.ERROR;
    }
  }

  private int grants(ServerClient server) throws IOException {
    ServerClient.Answer a = server.get("/api/v1/grants?view=mine");
    if (!a.ok()) {
      throw CliFailure.from(a, "cannot list your grants");
    }
    JsonNode list = a.json();
    list.forEach(Untrusted::grantId); // all before the first line: a refused list prints nothing
    show(String.format("%-16s %-14s %-18s %-16s %s", "ID", "TYPE", "STATUS", "TARGET", "ENDS"));
    for (JsonNode g : list) {
      show(
          String.format(
              "%-16s %-14s %-18s %-16s %s",
              g.path("id").asText(),
              g.path("grantType").asText(),
              g.path("status").asText(),
              g.path("targetName").asText(),
              text(g.path("expiresAt"))));
    }
    return 0;
  }

  private int status(ServerClient server, String id) throws IOException {
    ServerClient.Answer a = server.get("/api/v1/grants/" + encode(id));
    if (!a.ok()) {
      throw CliFailure.from(a, "cannot show " + id);
    }
    JsonNode g = a.json();
    show(
        Untrusted.grantId(g)
            + "  "
            + g.path("grantType").asText()
            + "  "
            + g.path("status").asText());
    show(
        "  requester: "
            + g.path("requester").asText()
            + "   target: "
            + g.path("target").path("name").asText());
    show("  reason:    " + text(g.path("reason")));
    show("  active:    " + text(g.path("activatedAt")) + " → " + text(g.path("expiresAt")));
    if (!g.path("failure").isNull() && !g.path("failure").isMissingNode()) {
      show("  failure:   " + g.path("failure").asText());
    }
    for (JsonNode e : g.path("timeline")) {
      show(
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

  private int change(ServerClient server, String id, String action, String field, String value)
      throws IOException {
    ObjectNode body = ServerClient.JSON.createObjectNode();
    if (value != null) {
      body.put(field, value);
    }
    ServerClient.Answer a = server.post("/api/v1/grants/" + encode(id) + "/" + action, body);
    if (!a.ok()) {
      throw CliFailure.from(a, "cannot " + action + " " + id);
    }
    JsonNode g = a.json();
    Untrusted.grantId(g);
    show(
        id
            + " is "
            + g.path("status").asText()
            + (action.equals("extend") ? " until " + g.path("expiresAt").asText() : ""));
    return 0;
  }

  /** A line of a command's output: what the server sent in it cannot drive the terminal. */
  private void show(String line) {
    out.println(Untrusted.printable(line));
  }

  /**
   * The line users {@code eval}: the path single-quoted for a POSIX shell, so that whatever the
   * home directory holds (spaces, quotes, {@code $}, backquotes, newlines) {@code eval} sets {@code
   * KUBECONFIG} to exactly the path and runs nothing. Quoted even though the grant id in it is
   * checked: the id is not the only part of the path.
   */
  static String exportLine(Path kubeconfig) {
    return "export KUBECONFIG=" + shellQuote(kubeconfig.toString());
  }

  /**
   * {@code s} as one POSIX shell word: in single quotes, each {@code '} written as {@code '\''}.
   */
  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** Where a grant's kubeconfig goes, for tests and the shell. */
  static Path kubeconfigPath(Path dir, String grantId) {
    return dir.resolve(grantId + ".yaml");
  }
}
