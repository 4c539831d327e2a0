package io.tailgrant.tailnet;

import java.util.List;

/** The users calls TailGrant makes (scope {@code users}). */
public interface UsersApi {

  /** The tailnet's members, in one call. */
  List<TailnetUser> listUsers();

  /** One user by id (404 when there is none). */
  TailnetUser getUser(String userId);

  /** Sets a user's role; Tailscale answers 200 with no body. */
  void setUserRole(String userId, String role);
}
