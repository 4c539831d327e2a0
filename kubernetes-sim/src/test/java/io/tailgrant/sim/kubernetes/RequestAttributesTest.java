package io.tailgrant.sim.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** HTTP method and path to what RBAC sees, as the API server's RequestInfoFactory maps them. */
class RequestAttributesTest {

  private static void assertAttributes(
      String method,
      String path,
      String verb,
      String group,
      String resource,
      String namespace,
      String name) {
    RequestAttributes a = RequestAttributes.of(method, path);
    String where = method + " " + path;
    assertEquals(verb, a.verb(), where);
    assertEquals(group, a.apiGroup(), where);
    assertEquals(resource, a.resourceAndSubresource(), where);
    assertEquals(namespace, a.namespace(), where);
    assertEquals(name, a.name(), where);
  }

  @Test
  void methodsOnOneObject() {
    String sa = "/api/v1/namespaces/ns/serviceaccounts/sa";
    assertAttributes("GET", sa, "get", "", "serviceaccounts", "ns", "sa");
    assertAttributes("HEAD", sa, "get", "", "serviceaccounts", "ns", "sa");
    assertAttributes("PUT", sa, "update", "", "serviceaccounts", "ns", "sa");
    assertAttributes("PATCH", sa, "patch", "", "serviceaccounts", "ns", "sa");
    assertAttributes("DELETE", sa, "delete", "", "serviceaccounts", "ns", "sa");
  }

  @Test
  void collections() {
    String sas = "/api/v1/namespaces/ns/serviceaccounts";
    assertAttributes("POST", sas, "create", "", "serviceaccounts", "ns", "");
    assertAttributes("GET", sas + "?labelSelector=a%3Db", "list", "", "serviceaccounts", "ns", "");
    assertAttributes("GET", sas + "?watch=true", "watch", "", "serviceaccounts", "ns", "");
    assertAttributes("DELETE", sas, "deletecollection", "", "serviceaccounts", "ns", "");
    assertAttributes(
        "GET",
        "/apis/rbac.authorization.k8s.io/v1/rolebindings?labelSelector=x",
        "list",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "",
        "");
  }

  @Test
  void clusterScopedAndSubresources() {
    assertAttributes(
        "PUT",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/b",
        "update",
        "rbac.authorization.k8s.io",
        "clusterrolebindings",
        "",
        "b");
    assertAttributes(
        "POST",
        "/api/v1/namespaces/ns/serviceaccounts/sa/token",
        "create",
        "",
        "serviceaccounts/token",
        "ns",
        "sa");
    assertAttributes("GET", "/api/v1/namespaces/ns", "get", "", "namespaces", "ns", "ns");
    assertAttributes(
        "PUT", "/api/v1/namespaces/ns/status", "update", "", "namespaces/status", "ns", "ns");
  }

  @Test
  void discoveryIsNotAResourceRequest() {
    for (String path : new String[] {"/api", "/api/v1", "/apis/apps/v1", "/version"}) {
      RequestAttributes a = RequestAttributes.of("GET", path);
      assertFalse(a.resourceRequest(), path);
      assertEquals("get", a.verb(), path);
      assertEquals(path, a.path());
    }
  }
}
