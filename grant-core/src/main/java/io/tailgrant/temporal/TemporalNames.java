package io.tailgrant.temporal;

import io.tailgrant.config.TemporalConfig;
import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Names shared by server and worker: the default task queue and the search attributes operators
 * filter on.
 */
public final class TemporalNames {
  public static final String DEFAULT_TASK_QUEUE = TemporalConfig.DEFAULT_TASK_QUEUE;
  public static final String DEFAULT_NAMESPACE = TemporalConfig.DEFAULT_NAMESPACE;

  public static final SearchAttributeKey<String> REQUESTER =
      SearchAttributeKey.forKeyword("TailGrantRequester");
  public static final SearchAttributeKey<String> GRANT_TYPE =
      SearchAttributeKey.forKeyword("TailGrantType");
  public static final SearchAttributeKey<String> TARGET =
      SearchAttributeKey.forKeyword("TailGrantTarget");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("TailGrantStatus");

  /** The requester's ticket (such as INC-1234); set only on grants that carry one. */
  public static final SearchAttributeKey<String> TICKET =
      SearchAttributeKey.forKeyword("TailGrantTicket");

  /** {@code true} on grants whose requester broke glass; set on no other grant. */
  public static final SearchAttributeKey<String> BREAK_GLASS =
      SearchAttributeKey.forKeyword("TailGrantBreakGlass");

  public static final List<SearchAttributeKey<String>> SEARCH_ATTRIBUTES =
      List.of(REQUESTER, GRANT_TYPE, TARGET, STATUS, TICKET, BREAK_GLASS);

  private TemporalNames() {}
}
