package io.tailgrant.grant;

import java.time.Duration;

/** Everything a {@code GrantWorkflow} needs, fixed at request time. */
public record GrantInput(
    String grantId,
    GrantSpec spec,
    Principal requester,
    TargetDevice target,
    Duration duration,
    String reason) {}
