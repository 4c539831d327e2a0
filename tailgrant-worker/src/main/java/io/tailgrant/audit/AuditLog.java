package io.tailgrant.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events as JSON lines, each forced to disk before the next, and logs each under
 * {@code tailgrant.audit}. A retried publication may append an event twice: same id, so consumers
 * dedupe. Events hold no secret or token: they are built from a grant's timeline only.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tailgrant.audit");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final FileChannel file;

  private AuditLog(FileChannel file) {
    this.file = file;
  }

  /** Appends to {@code path} (created if missing); null means log only. */
  public static AuditLog open(Path path) {
    if (path == null) {
      return new AuditLog(null);
    }
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      return new AuditLog(
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit file " + path + ": " + e.getMessage(), e);
    }
  }

  public synchronized void append(List<AuditEvent> events) {
    for (AuditEvent e : events) {
      try {
        String line = JSON.writeValueAsString(e);
        if (file != null) {
          file.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
          file.force(false);
        }
        log.info("{}", line);
      } catch (IOException ex) {
        throw new UncheckedIOException("audit append failed: " + ex.getMessage(), ex);
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}
