package io.tailgrant.audit;

import java.time.Instant;

/**
 * One audited happening: every state change and every refusal of a grant. {@code id} is {@code
 * <grantId>/<seq>} and stable across retries, so consumers dedupe by it.
 */
public record AuditEvent(
    String id,
    String grantId,
    int seq,
    Instant at,
    String actor,
    String action,
    String detail,
    String grantType,
    String requester,
    String target) {}
