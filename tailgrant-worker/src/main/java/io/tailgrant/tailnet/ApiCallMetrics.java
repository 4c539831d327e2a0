package io.tailgrant.tailnet;

import io.micrometer.core.instrument.Metrics;
import java.util.regex.Pattern;

/**
 * Counts Tailscale API calls and errors by route template (ids replaced, so series stay few):
 * {@code tailgrant_tailscale_api_calls_total{method,route,status}} and {@code ..._errors_total}.
 */
final class ApiCallMetrics {
  private static final Pattern DEVICE = Pattern.compile("/device/[^/]+");
  private static final Pattern ATTRIBUTE = Pattern.compile("/attributes/[^/]+");
  private static final Pattern TAILNET = Pattern.compile("/tailnet/[^/]+");
  private static final Pattern KEY = Pattern.compile("/keys/[^/]+");

  private ApiCallMetrics() {}

  /** {@code status} 0 means no answer (network error). */
  static void record(String method, String path, int status) {
    String route = route(path);
    String code = status == 0 ? "none" : Integer.toString(status);
    Metrics.counter(
            "tailgrant.tailscale.api.calls", "method", method, "route", route, "status", code)
        .increment();
    if (status == 0 || status >= 400) {
      Metrics.counter(
              "tailgrant.tailscale.api.errors", "method", method, "route", route, "status", code)
          .increment();
    }
  }

  static String route(String path) {
    String r = DEVICE.matcher(path).replaceFirst("/device/{deviceId}");
    r = ATTRIBUTE.matcher(r).replaceFirst("/attributes/{key}");
    r = TAILNET.matcher(r).replaceFirst("/tailnet/{tailnet}");
    return KEY.matcher(r).replaceFirst("/keys/{keyId}");
  }
}
