package io.tailgrant.kubernetes;

/** Names, labels and annotations TailGrant puts on the Kubernetes objects it creates. */
public final class KubernetesNames {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "tailgrant";
  public static final String GRANT_LABEL = "tailgrant.io/grant";
  public static final String REQUESTER_ANNOTATION = "tailgrant.io/requester";
  public static final String ENDS_AT_ANNOTATION = "tailgrant.io/ends-at";

  private KubernetesNames() {}

  /** The ServiceAccount and binding name of a grant, e.g. {@code tailgrant-g-7kq2m9xa4trc}. */
  public static String objectName(String grantId) {
    return "tailgrant-" + grantId;
  }
}
