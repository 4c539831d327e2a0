package io.tailgrant.grant;

import java.time.Duration;
import java.util.Set;

/**
 * A grant type's break-glass rule as a grant's snapshot keeps it, groups expanded to logins: who
 * may activate it at once without approval ({@code requesters}, may hold {@link
 * Policy#ANY_MEMBER}), who must review such a grant afterwards ({@code reviewers}), and how soon
 * ({@code reviewWithin}). See {@link BreakGlassRules}.
 */
public record BreakGlass(Set<String> requesters, Set<String> reviewers, Duration reviewWithin) {

  public BreakGlass {
    requesters = requesters == null ? Set.of() : Set.copyOf(requesters);
    reviewers = reviewers == null ? Set.of() : Set.copyOf(reviewers);
  }
}
