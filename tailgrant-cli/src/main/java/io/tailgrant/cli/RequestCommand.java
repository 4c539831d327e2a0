package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tailgrant request}: asks for a grant and returns at once (no waiting for approval), so a
 * request may name a later start with {@code --starts-at}; {@code tailgrant status} follows it.
 */
@Command(
    name = "request",
    description = {
      "Request access and return at once; tailgrant status <id> follows it.",
      "--starts-at schedules it (for types that allow scheduling, tailgrant types says how far"
          + " ahead): approvers may approve until then, access begins then and lasts its duration."
    })
final class RequestCommand extends ClientCommand {
  private static final Pattern RELATIVE =
      Pattern.compile("^\\+(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?$");

  @Mixin RequestOptions asked;

  @Option(names = "--ticket", paramLabel = "T", description = "a ticket, for types that take one")
  String ticket;

  @Option(
      names = "--starts-at",
      paramLabel = "WHEN",
      description = "a later start: RFC 3339 (2026-12-01T09:00:00Z) or from now (+2m, +1h30m, +1d)")
  String startsAt;

  RequestCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  int run(ServerClient server) throws IOException {
    ObjectNode body =
        RequestOptions.body(asked.grantType, asked.duration, asked.reason, asked.target);
    RequestOptions.putIfSet(body, "ticket", ticket);
    RequestOptions.putIfSet(
        body, "startsAt", startsAt == null ? null : resolve(startsAt, Instant.now()));
    JsonNode g = RequestOptions.post(server, body);
    String id = g.path("id").asText();
    ctx.show(
        id
            + "  "
            + Output.text(g.path("grantType"))
            + "  "
            + Output.text(g.path("status"))
            + (g.path("startsAt").isTextual()
                ? "  starts " + Output.text(g.path("startsAt"))
                : ""));
    return 0;
  }

  /**
   * A {@code --starts-at} value as RFC 3339: one already, or {@code +2m}, {@code +1h30m}, {@code
   * +1d} from {@code now} (whole seconds). Anything else is a usage error, before any request.
   */
  static String resolve(String value, Instant now) {
    String v = value.strip();
    Matcher m = RELATIVE.matcher(v);
    if (m.matches() && v.length() > 1) {
      try {
        Duration d = Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3));
        return now.truncatedTo(ChronoUnit.SECONDS).plus(d).toString();
      } catch (ArithmeticException | NumberFormatException e) {
        // too large: refused below
      }
    } else if (!m.matches()) {
      try {
        return OffsetDateTime.parse(v).toInstant().toString();
      } catch (DateTimeParseException e) {
        // refused below
      }
    }
    throw new CliFailure(
        CliFailure.USAGE,
        "--starts-at takes an RFC 3339 time such as 2026-12-01T09:00:00Z, or +2m, +1h30m, +1d");
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }
}
