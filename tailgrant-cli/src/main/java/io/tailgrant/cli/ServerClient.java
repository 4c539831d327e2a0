package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to a TailGrant server's JSON API. Identity is the tailnet's (WhoIs of this machine); in
 * dev mode {@code devAs} names a simulated device instead.
 */
final class ServerClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  static final String DEV_DEVICE_HEADER = "X-TailGrant-Dev-Device";

  private final String baseUrl;
  private final String devAs;
  private final OkHttpClient http;

  /** One HTTP answer: status, the Retry-After header (seconds, or -1) and the body text. */
  record Answer(int status, int retryAfter, String body) {

    JsonNode json() {
      try {
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        return JSON.createObjectNode().put("message", body);
      }
    }

    /** The server's {@code message}, or the status when the body has none. */
    String message() {
      JsonNode m = json().get("message");
      return m == null ? "HTTP " + status : m.asText();
    }

    String error() {
      JsonNode e = json().get("error");
      return e == null ? "" : e.asText();
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  ServerClient(String baseUrl, String devAs) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.devAs = devAs;
    this.http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
  }

  String baseUrl() {
    return baseUrl;
  }

  Answer get(String path) throws IOException {
    return send(request(path).get().build());
  }

  Answer post(String path, JsonNode body) throws IOException {
    return send(request(path).post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build());
  }

  private Request.Builder request(String path) {
    Request.Builder b = new Request.Builder().url(baseUrl + path).header("Accept", "application/json, application/yaml");
    if (devAs != null) {
      b.header(DEV_DEVICE_HEADER, devAs);
    }
    return b;
  }

  private Answer send(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      int retry = -1;
      String header = r.header("Retry-After");
      if (header != null) {
        try {
          retry = Integer.parseInt(header.trim());
        } catch (NumberFormatException ignored) {
          retry = 2;
        }
      }
      return new Answer(r.code(), retry, r.body().string());
    }
  }
}
