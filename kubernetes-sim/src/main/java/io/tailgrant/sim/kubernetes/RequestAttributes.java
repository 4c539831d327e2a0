package io.tailgrant.sim.kubernetes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What Kubernetes' authorizer sees of one HTTP request, derived the way the API server's {@code
 * RequestInfoFactory} (k8s.io/apiserver, endpoints/request/requestinfo.go) does: POST is {@code
 * create}, GET of one object {@code get}, GET of a collection {@code list} ({@code watch} with
 * {@code ?watch=true}), PUT {@code update}, PATCH {@code patch}, DELETE of one object {@code
 * delete}, of a collection {@code deletecollection}. {@code apiGroup} is "" for the core group
 * ({@code /api/v1}); {@code namespace} and {@code name} are "" when the request has none. A path
 * outside {@code /api} and {@code /apis/GROUP/VERSION} is a non-resource request: only {@code verb}
 * and {@code path} mean anything then.
 */
public record RequestAttributes(
    boolean resourceRequest,
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  /** Subresources of a namespace itself: {@code /api/v1/namespaces/NAME/status}. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** {@code resource/subresource}, as RBAC rules name it. */
  public String resourceAndSubresource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** The attributes of {@code method} on {@code target} (a path with or without its query). */
  public static RequestAttributes of(String method, String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    String verb =
        switch (method.toUpperCase(Locale.ROOT)) {
          case "POST" -> "create";
          case "GET", "HEAD" -> "get";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> method.toLowerCase(Locale.ROOT);
        };
    List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return nonResource(method, path);
    }
    if (parts.isEmpty()) {
      return nonResource(method, path); // discovery: /api/v1, /apis/GROUP/VERSION
    }
    String namespace = "";
    if (parts.get(0).equals("namespaces") && parts.size() > 1) {
      namespace = parts.get(1);
      if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
        parts = parts.subList(2, parts.size());
      }
    }
    String resource = parts.get(0);
    String name = parts.size() >= 2 ? parts.get(1) : "";
    String subresource = parts.size() >= 3 ? parts.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = watch(query) ? "watch" : "list";
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new RequestAttributes(true, verb, group, resource, subresource, namespace, name, path);
  }

  private static RequestAttributes nonResource(String method, String path) {
    return new RequestAttributes(false, method.toLowerCase(Locale.ROOT), "", "", "", "", "", path);
  }

  private static boolean watch(String query) {
    for (String p : query.split("&")) {
      if (p.equals("watch=true") || p.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }
}
