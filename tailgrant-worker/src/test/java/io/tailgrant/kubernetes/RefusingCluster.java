package io.tailgrant.kubernetes;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A CRUD mock API server that answers chosen calls with a refusal, as RBAC (403) or a broken API
 * server (500) would; everything else behaves like {@link
 * io.tailgrant.sim.kubernetes.SimulatedCluster}'s CRUD (without TokenRequests). For tests of what
 * the worker does when Kubernetes says no.
 */
final class RefusingCluster implements AutoCloseable {
  private record Rule(String method, Pattern path, int code, String reason, AtomicInteger hits) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  RefusingCluster() {
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    Dispatcher dispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath().replaceFirst("\\?.*$", "");
            for (Rule r : rules) {
              if (r.method().equals(request.getMethod()) && r.path().matcher(path).matches()) {
                r.hits().incrementAndGet();
                return status(
                    r.code(),
                    r.reason(),
                    r.reason() + ": " + request.getMethod() + " " + path + " refused by the test");
              }
            }
            return crud.dispatch(request);
          }
        };
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // fabric8 retries 5xx answers itself, with backoff in real time (about 100 s by default):
    // switched off so the activity sees each refusal at once and Temporal's retries are what is
    // tested.
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(server.url("/"))
                    .withNamespace("test")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  /**
   * Answers {@code method} on paths matching {@code pathRegex} (no query) with {@code code};
   * returns its hit counter.
   */
  AtomicInteger refuse(String method, String pathRegex, int code, String reason) {
    Rule r = new Rule(method, Pattern.compile(pathRegex), code, reason, new AtomicInteger());
    rules.add(r);
    return r.hits();
  }

  void allowEverything() {
    rules.clear();
  }

  KubernetesClient client() {
    return client;
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            Serialization.asJson(
                new StatusBuilder()
                    .withApiVersion("v1")
                    .withKind("Status")
                    .withStatus("Failure")
                    .withCode(code)
                    .withReason(reason)
                    .withMessage(message)
                    .build()));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
