package io.tailgrant.history;

import io.tailgrant.audit.AuditEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The audit trail of a time range, streamed from the audit file as JSON lines or CSV: each event
 * whose time is in {@code [from, to)}, in the file's order, written as it is read. A range is at
 * most {@link #MAX_RANGE} and an export at most {@link #MAX_EVENTS} events; past that it ends with
 * a line that says so and where to go on from. Lines as the worker appended them: a retried
 * publication may repeat an event (same id).
 */
public final class AuditExport {
  /** The longest range one export covers. */
  public static final Duration MAX_RANGE = Duration.ofDays(92);

  /** The most events one export writes. */
  public static final long MAX_EVENTS = 1_000_000;

  /** The CSV columns, the AuditEvent's fields in order. */
  static final List<String> COLUMNS =
      List.of(
          "id",
          "grantId",
          "seq",
          "at",
          "actor",
          "action",
          "detail",
          "grantType",
          "requester",
          "target");

  /** The formats an export is written in. */
  public enum Format {
    JSONL("application/x-ndjson", "jsonl"),
    CSV("text/csv; charset=utf-8", "csv");

    public final String contentType;
    public final String extension;

    Format(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }
  }

  private final Path file;
  private final long maxEvents;
  private final Semaphore running = new Semaphore(1);

  public AuditExport(Path file) {
    this(file, MAX_EVENTS);
  }

  AuditExport(Path file, long maxEvents) {
    this.file = file;
    this.maxEvents = maxEvents;
  }

  /**
   * Takes this server's one export slot: false while another export runs (each reads the whole
   * file). {@link #finished} gives it back.
   */
  public boolean tryStart() {
    return running.tryAcquire();
  }

  /** Gives back the slot {@link #tryStart} took. */
  public void finished() {
    running.release();
  }

  /** Whether this server can read the audit file. */
  public boolean readable() {
    return file != null && Files.isRegularFile(file) && Files.isReadable(file);
  }

  /** Writes the events in {@code [from, to)} to {@code out}; returns how many. */
  public long write(Instant from, Instant to, Format format, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    if (format == Format.CSV) {
      w.write(CsvCells.row(COLUMNS));
    }
    long written = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        AuditEvent e = AuditLines.parse(line).orElse(null);
        if (e == null || e.at().isBefore(from) || !e.at().isBefore(to)) {
          continue;
        }
        if (written == maxEvents) {
          truncated(w, format, e.at());
          break;
        }
        w.write(format == Format.CSV ? csv(e) : AuditLines.JSON.writeValueAsString(e) + "\n");
        written++;
      }
    }
    w.flush();
    return written;
  }

  /** The last line of an export cut short: how far it got, and where to go on from. */
  private void truncated(Writer w, Format format, Instant next) throws IOException {
    String message = "export stopped after " + maxEvents + " events: export again from " + next;
    if (format == Format.CSV) {
      String[] cells = new String[COLUMNS.size()];
      Arrays.fill(cells, "");
      cells[COLUMNS.indexOf("at")] = next.toString();
      cells[COLUMNS.indexOf("action")] = "truncated";
      cells[COLUMNS.indexOf("detail")] = message;
      w.write(CsvCells.row(Arrays.asList(cells)));
    } else {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("truncated", true);
      m.put("next", next.toString());
      m.put("message", message);
      w.write(AuditLines.JSON.writeValueAsString(m) + "\n");
    }
  }

  private static String csv(AuditEvent e) {
    List<String> cells = new ArrayList<>();
    cells.add(e.id());
    cells.add(e.grantId());
    cells.add(Integer.toString(e.seq()));
    cells.add(e.at().toString());
    cells.add(e.actor());
    cells.add(e.action());
    cells.add(e.detail());
    cells.add(e.grantType());
    cells.add(e.requester());
    cells.add(e.target());
    return CsvCells.row(cells);
  }
}
