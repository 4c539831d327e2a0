package io.tailgrant.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, sent exactly as given: for requests no client would
 * build.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * The whole response as text; the request line is {@code method rawTarget}, unvalidated. A {@code
   * Host} among {@code headers} replaces the one naming the server.
   */
  static String exchange(
      String baseUrl,
      String method,
      String rawTarget,
      Map<String, String> headers,
      String contentType,
      byte[] body) {
    URI base = URI.create(baseUrl);
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder(method + " " + rawTarget + " HTTP/1.1\r\n");
      if (!headers.containsKey("Host")) {
        req.append("Host: ")
            .append(base.getHost())
            .append(':')
            .append(base.getPort())
            .append("\r\n");
      }
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      byte[] payload = body == null ? new byte[0] : body;
      if (contentType != null) {
        req.append("Content-Type: ").append(contentType).append("\r\n");
      }
      req.append("Content-Length: ").append(payload.length).append("\r\n");
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      s.getInputStream().transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status code from a response's first line. */
  static int status(String response) {
    int eol = response.indexOf("\r\n");
    String[] parts = (eol < 0 ? response : response.substring(0, eol)).split(" ");
    if (parts.length < 2) {
      throw new IllegalStateException("no HTTP status line: '" + response + "'");
    }
    return Integer.parseInt(parts[1]);
  }
}
