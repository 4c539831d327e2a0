package io.tailgrant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A tiny HTTP client for the API: fixed headers (the caller's identity), JSON in and out. */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final Map<String, String> headers;

  ApiClient(String baseUrl) {
    this(baseUrl, Map.of());
  }

  private ApiClient(String baseUrl, Map<String, String> headers) {
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  /** A copy that also sends {@code name: value}. */
  public ApiClient header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiClient(baseUrl, h);
  }

  /** An answer: status, raw body, parsed JSON (missing when the body is not JSON) and headers. */
  public record Answer(int status, String body, JsonNode json, Map<String, String> headers) {
    public String error() {
      return json.path("error").asText(null);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /** POSTs {@code body} as JSON (a String is sent as it is, anything else is serialized). */
  public Answer post(String path, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  /** PUTs {@code body} as JSON (a String is sent as it is). */
  public Answer put(String path, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(text)));
  }

  /** POSTs {@code text} with {@code contentType}. */
  public Answer post(String path, String contentType, String text) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
  }

  public Answer post(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private Answer send(HttpRequest.Builder b) {
    headers.forEach(b::header);
    b.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> h = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k, String.join(",", v)));
      return new Answer(r.statusCode(), r.body(), parse(r.body()), h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a request line exactly as given (no URI validation on our side), with this client's
   * headers, over a plain socket, and returns only the status code.
   */
  public int rawStatus(String method, String rawTarget, String body) {
    byte[] payload = Optional.ofNullable(body).orElse("").getBytes(StandardCharsets.UTF_8);
    return RawHttp.status(
        RawHttp.exchange(baseUrl, method, rawTarget, headers, "application/json", payload));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
