package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code login}: request a grant, follow it until it is active (or refused), fetch its kubeconfig
 * or its (one-time) auth key.
 */
final class Login {
  static final Duration DEFAULT_WAIT = Duration.ofMinutes(15);

  /** Timeline actions of notification outcomes (the worker's GrantNotices writes them). */
  private static final Set<String> NOTIFICATION_ACTIONS = Set.of("notified", "notification failed");

  private final ServerClient server;
  private final PrintStream progress;
  private final Duration pollInterval;
  private final Path kubeDir;

  /**
   * The grant and, for kubernetes grants, where its kubeconfig was written; for auth-key grants,
   * the key (the server gives it out once).
   */
  record Result(String grantId, Path kubeconfig, String authKey) {
    Result(String grantId, Path kubeconfig) {
      this(grantId, kubeconfig, null);
    }

    @Override
    public String toString() {
      return "Result[" + grantId + ", " + kubeconfig + (authKey == null ? "]" : ", auth key]");
    }
  }

  /**
   * What an auth key looks like: nothing in it is special to a shell or a terminal, so a hostile
   * server cannot smuggle a command into the export line through it.
   */
  private static final Pattern AUTH_KEY = Pattern.compile("tskey-auth-[A-Za-z0-9-]{1,200}");

  /**
   * What to ask for: a grant type, optionally a duration, reason and target (as the server reads
   * them), and how long to wait for the grant to become active.
   */
  record Request(
      String type,
      String duration,
      String reason,
      String target,
      Duration maxWait,
      boolean breakGlass) {
    Request {
      maxWait = maxWait == null ? DEFAULT_WAIT : maxWait;
    }

    /** A request that does not break glass. */
    Request(String type, String duration, String reason, String target, Duration maxWait) {
      this(type, duration, reason, target, maxWait, false);
    }
  }

  Login(ServerClient server, PrintStream progress, Duration pollInterval, Path kubeDir) {
    this.server = server;
    this.progress = progress;
    this.pollInterval = pollInterval;
    this.kubeDir = kubeDir;
  }

  Result run(Request request) throws IOException {
    String type = request.type();
    Duration wait = request.maxWait();
    ObjectNode body =
        RequestOptions.body(type, request.duration(), request.reason(), request.target());
    if (request.breakGlass()) {
      body.put("breakGlass", true);
    }
    JsonNode grant = RequestOptions.post(server, body);
    // The id names a file, a URL path and the export line: only a well-formed one is used.
    String id = Untrusted.grantId(grant);
    say(
        "requested "
            + type
            + " as "
            + grant.path("requester").asText()
            + ": grant "
            + id
            + " ("
            + server.baseUrl()
            + "/grants/"
            + id
            + ")");
    grant = follow(id, grant, wait);
    say(id + " is active until " + grant.path("expiresAt").asText());
    return switch (grant.path("kind").asText()) {
      case "kubernetes" -> new Result(id, kubeconfig(id));
      case "auth-key" -> new Result(id, null, authKey(id));
      default -> new Result(id, null);
    };
  }

  /**
   * Fetches the grant's auth key (202 means not yet: wait as told). The server answers 200 once
   * only, so the key is returned to be printed, never written anywhere.
   */
  String authKey(String id) throws IOException {
    for (int attempt = 0; attempt < 60; attempt++) {
      ServerClient.Answer a = server.get("/api/v1/grants/" + TailGrantCli.encode(id) + "/auth-key");
      if (a.status() == 200) {
        JsonNode body = a.json();
        String key = body == null ? null : body.path("key").asText(null);
        if (key == null || !AUTH_KEY.matcher(key).matches()) {
          throw new CliFailure(
              CliFailure.ERROR, "the server sent something that is not an auth key; not using it");
        }
        say(
            "auth key valid until "
                + body.path("expiresAt").asText()
                + "; shown once, the server will not give it out again");
        return key;
      }
      if (a.status() != 202) {
        throw CliFailure.from(a, "no auth key for " + id);
      }
      pause(a.retryAfter() > 0 ? Duration.ofSeconds(a.retryAfter()) : pollInterval);
    }
    throw new CliFailure(CliFailure.TIMED_OUT, "the auth key for " + id + " did not become ready");
  }

  /**
   * Fetches a fresh kubeconfig (202 means not yet: wait as told) and writes it; returns the file.
   */
  Path kubeconfig(String id) throws IOException {
    for (int attempt = 0; attempt < 60; attempt++) {
      ServerClient.Answer a =
          server.get("/api/v1/grants/" + TailGrantCli.encode(id) + "/kubeconfig");
      if (a.status() == 200) {
        Path file;
        try {
          file = KubeconfigFiles.write(kubeDir, id, a.body());
        } catch (IOException e) {
          throw new CliFailure(
              CliFailure.ERROR,
              "cannot write the kubeconfig under " + kubeDir + ": " + e.getMessage());
        }
        say("kubeconfig written to " + file);
        return file;
      }
      if (a.status() != 202) {
        throw CliFailure.from(a, "no kubeconfig for " + id);
      }
      pause(a.retryAfter() > 0 ? Duration.ofSeconds(a.retryAfter()) : pollInterval);
    }
    throw new CliFailure(
        CliFailure.TIMED_OUT, "the kubeconfig for " + id + " did not become ready");
  }

  /** Polls the grant until it is active or over, telling the user each change. */
  private JsonNode follow(String id, JsonNode grant, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    String said = "";
    while (true) {
      String status = grant.path("status").asText();
      switch (status) {
        case "active" -> {
          return grant;
        }
        case "denied", "failed", "revoked", "expired" ->
            throw new CliFailure(CliFailure.DENIED, id + " was " + status + last(grant));
        default -> {}
      }
      String now =
          status.equals("pending_approval")
              ? "waiting for approval by "
                  + String.join(", ", approvers(grant))
                  + " (Ctrl-C stops waiting; the request stays)"
              : status.equals("scheduled")
                  ? "scheduled: access starts at "
                      + Output.text(grant.path("startsAt"))
                      + " (Ctrl-C stops waiting; the grant stays)"
                  : "waiting: " + status.replace('_', ' ');
      if (!now.equals(said)) {
        say(now);
        said = now;
      }
      if (System.nanoTime() > deadline) {
        throw new CliFailure(
            CliFailure.TIMED_OUT,
            "gave up waiting after "
                + describe(wait)
                + "; "
                + id
                + " is still "
                + status.replace('_', ' ')
                + " (./tailgrant status "
                + id
                + ")");
      }
      pause(pollInterval);
      ServerClient.Answer a = server.get("/api/v1/grants/" + TailGrantCli.encode(id));
      if (!a.ok()) {
        throw CliFailure.from(a, "cannot follow " + id);
      }
      grant = a.json();
      Untrusted.grantId(grant);
    }
  }

  /**
   * A progress line; the server's text in it (requester, approvers, status...) cannot drive the
   * terminal.
   */
  private void say(String line) {
    progress.println(Untrusted.printable(line));
  }

  private static String describe(Duration d) {
    return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
  }

  /**
   * Who ended the grant, and why: its last timeline entry that is not a notification's outcome
   * (those come in after the end, as each channel answers).
   */
  private static String last(JsonNode grant) {
    JsonNode t = grant.path("timeline");
    for (int i = t.isArray() ? t.size() - 1 : -1; i >= 0; i--) {
      JsonNode e = t.get(i);
      if (NOTIFICATION_ACTIONS.contains(e.path("action").asText())) {
        continue;
      }
      return " by "
          + e.path("actor").asText()
          + (e.path("detail").isNull() ? "" : ": " + e.path("detail").asText());
    }
    return "";
  }

  private static List<String> approvers(JsonNode grant) {
    List<String> out = new ArrayList<>();
    grant.path("approvers").forEach(a -> out.add(a.asText()));
    return out;
  }

  /**
   * A {@code --wait} value: whole seconds, minutes or hours ({@code 90s}, {@code 15m}, {@code 1h});
   * null if {@code s} is none.
   */
  static Duration parseWait(String s) {
    try {
      String v = s.trim().toLowerCase(Locale.ROOT);
      String n = v.isEmpty() ? "" : v.substring(0, v.length() - 1);
      Duration d =
          switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(Long.parseLong(n));
            case 'm' -> Duration.ofMinutes(Long.parseLong(n));
            case 'h' -> Duration.ofHours(Long.parseLong(n));
            default -> null;
          };
      return d == null || d.isNegative() ? null : d;
    } catch (NumberFormatException | ArithmeticException ignored) {
      // none
    }
    return null;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.ERROR, "interrupted");
    }
  }
}
