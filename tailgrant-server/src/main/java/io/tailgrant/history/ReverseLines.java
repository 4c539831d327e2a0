package io.tailgrant.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads a file of lines backwards from an offset, one line at a time, within a byte budget. An
 * offset is a line boundary: 0 or just after a newline. Lines longer than {@link #MAX_LINE} are
 * skipped (no audit line is that long).
 */
final class ReverseLines {
  static final int MAX_LINE = 1 << 20;
  private static final int CHUNK = 64 * 1024;

  private final FileChannel file;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final long startedAt;
  private long chunkStart = -1;
  private int chunkLength;
  private long end;

  /** A line and where it starts: the offset a later scan resumes from to read what precedes it. */
  record Line(long start, String text) {}

  ReverseLines(FileChannel file, long end) {
    this.file = file;
    this.end = end;
    this.startedAt = end;
  }

  /** The offset everything before which is still unread. */
  long position() {
    return end;
  }

  /** Bytes read back so far. */
  long consumed() {
    return startedAt - end;
  }

  /** The line before the position, or null at the start of the file. */
  Line previous() {
    while (end > 0) {
      long contentEnd = byteAt(end - 1) == '\n' ? end - 1 : end;
      long start = contentEnd;
      while (start > 0 && byteAt(start - 1) != '\n') {
        start--;
      }
      end = start;
      long length = contentEnd - start;
      if (length > 0 && length <= MAX_LINE) {
        return new Line(start, read(start, (int) length));
      }
    }
    return null;
  }

  /**
   * Whether {@code offset} is a line boundary of {@code file}: 0, or just after a newline, within
   * its size.
   */
  static boolean isBoundary(FileChannel file, long offset) {
    try {
      if (offset < 0 || offset > file.size()) {
        return false;
      }
      if (offset == 0) {
        return true;
      }
      ByteBuffer one = ByteBuffer.allocate(1);
      return file.read(one, offset - 1) == 1 && one.get(0) == '\n';
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The end of the last whole line: a line still being written is not read. */
  static long lastBoundary(FileChannel file) {
    try {
      long size = file.size();
      ReverseLines r = new ReverseLines(file, size);
      long at = size;
      while (at > 0 && r.byteAt(at - 1) != '\n') {
        at--;
      }
      return at;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte byteAt(long i) {
    if (chunkStart < 0 || i < chunkStart || i >= chunkStart + chunkLength) {
      load(Math.max(0, i - CHUNK + 1));
    }
    return chunk.get((int) (i - chunkStart));
  }

  private void load(long from) {
    try {
      chunk.clear();
      int n = 0;
      while (chunk.hasRemaining()) {
        int r = file.read(chunk, from + n);
        if (r <= 0) {
          break;
        }
        n += r;
      }
      chunkStart = from;
      chunkLength = n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String read(long start, int length) {
    ByteBuffer b = ByteBuffer.allocate(length);
    try {
      while (b.hasRemaining()) {
        if (file.read(b, start + b.position()) <= 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }
}
