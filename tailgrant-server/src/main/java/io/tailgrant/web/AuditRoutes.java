package io.tailgrant.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.grant.Refusal;
import io.tailgrant.history.AuditExport;
import io.tailgrant.identity.Caller;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/audit?from=&to=&format=jsonl|csv}: the audit trail of a time range, for
 * admins, streamed from the worker's audit file ({@code audit.file}, mounted read-only into the
 * server). A range is at most {@link AuditExport#MAX_RANGE}, one export runs at a time per server
 * (others 429), and each export is itself an audit line.
 */
final class AuditRoutes {
  static final String PATH = "/api/v1/audit";
  private static final Logger audit = LoggerFactory.getLogger("tailgrant.audit");
  private static final Logger log = LoggerFactory.getLogger(AuditRoutes.class);

  private final GrantService grants;
  private final AuditExport export;

  AuditRoutes(GrantService grants) {
    this.grants = grants;
    this.export = new AuditExport(grants.auditFile());
  }

  void register(RoutesConfig r) {
    r.get(PATH, this::export);
  }

  private void export(Context ctx) {
    Caller caller = ApiRoutes.caller(ctx);
    if (!grants.isAdmin(caller)) {
      throw Refusal.forbidden("only admins may export the audit trail");
    }
    Instant from = required(ctx.queryParam("from"), "from");
    Instant to = required(ctx.queryParam("to"), "to");
    if (!from.isBefore(to)) {
      throw Refusal.badRequest("bad_time", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(AuditExport.MAX_RANGE) > 0) {
      throw Refusal.badRequest(
          "range_too_long",
          "an export covers at most " + AuditExport.MAX_RANGE.toDays() + " days: split it");
    }
    AuditExport.Format format = format(ctx.queryParam("format"));
    if (!export.readable()) {
      throw new Refusal(
          Refusal.Kind.NOT_FOUND,
          "audit_unavailable",
          "this server cannot read the audit file (audit.file): mount the worker's audit volume"
              + " read-only into the server");
    }
    if (!export.tryStart()) {
      throw Refusal.tooMany(
          "export_busy", "another audit export is running: try again shortly", 10);
    }
    try {
      ctx.status(200)
          .contentType(format.contentType)
          .header("Cache-Control", "no-store")
          .header(
              "Content-Disposition",
              "attachment; filename=\"tailgrant-audit." + format.extension + "\"");
      audit.info(
          "export actor={} from={} to={} format={}",
          LogSafe.quote(caller.login()),
          from,
          to,
          format.extension);
      long n;
      try {
        n = export.write(from, to, format, ctx.outputStream());
      } catch (IOException e) {
        // The client went away mid-stream: the answer is already under way, nothing to send.
        log.info("audit export ended early: {}", LogSafe.quote(e.toString()));
        return;
      }
      log.info("audit export wrote {} events", n);
    } finally {
      export.finished();
    }
  }

  private static Instant required(String value, String name) {
    Instant t = GrantFilter.time(value, name);
    if (t == null) {
      throw Refusal.badRequest("bad_time", name + " is required: an RFC 3339 time");
    }
    return t;
  }

  private static AuditExport.Format format(String value) {
    if (value == null || value.isBlank() || value.equals("jsonl")) {
      return AuditExport.Format.JSONL;
    }
    if (value.equals("csv")) {
      return AuditExport.Format.CSV;
    }
    throw Refusal.badRequest("bad_format", "format must be jsonl or csv");
  }
}
