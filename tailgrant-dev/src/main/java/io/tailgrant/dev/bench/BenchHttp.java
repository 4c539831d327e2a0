package io.tailgrant.dev.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's HTTP client: requests to the server as the owner of a device (the dev stack's {@code
 * X-TailGrant-Dev-Device} header, answered by the simulated tailscaled's WhoIs).
 */
final class BenchHttp {
  private static final Pattern ID = Pattern.compile("\"id\":\"(g-[a-z0-9]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  BenchHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** POSTs {@code body} as {@code device}'s owner; returns the grant id answered (or null). */
  String post(String device, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request(device, path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    Matcher m = ID.matcher(r.body());
    return m.find() ? m.group(1) : null;
  }

  /** GETs {@code path} as {@code device}'s owner; any status. */
  HttpResponse<String> get(String device, String path) throws IOException, InterruptedException {
    return http.send(request(device, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code path}, discarding the body: its status, or -1 when no answer came. */
  int status(String device, String path) {
    try {
      return http.send(request(device, path).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpRequest.Builder request(String device, String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("X-TailGrant-Dev-Device", device)
        .timeout(Duration.ofSeconds(30));
  }
}
