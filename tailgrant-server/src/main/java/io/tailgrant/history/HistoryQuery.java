package io.tailgrant.history;

import io.tailgrant.directory.GrantFilter;
import java.time.Instant;

/**
 * Ended grants to look up: those of {@code requester} (null: everyone's; the caller's view decides
 * it), passing {@code filter}, that ended before {@code endedBefore} (the directory's horizon).
 */
public record HistoryQuery(String requester, GrantFilter filter, Instant endedBefore) {}
