package io.tailgrant.grant;

import java.security.SecureRandom;

/** Grant ids and the Temporal workflow ids derived from them. */
public final class GrantIds {
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private GrantIds() {}

  /** A new unguessable id such as {@code g-7kq2m9xa4trc}. */
  public static String newGrantId() {
    StringBuilder b = new StringBuilder("g-");
    for (int i = 0; i < 12; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  public static boolean isWellFormed(String id) {
    return id != null && id.matches("g-[a-z0-9]{6,40}");
  }

  public static String grantWorkflowId(String grantId) {
    return "grant/" + grantId;
  }

  public static String approvalWorkflowId(String grantId) {
    return "approval/" + grantId;
  }

  public static String deviceWorkflowId(String nodeId) {
    return "device/" + nodeId;
  }

  /** A user's role manager: one per login. */
  public static String userRoleWorkflowId(String login) {
    return "user-role/" + login;
  }

  public static final String DIRECTORY_WORKFLOW_ID = "directory";
}
