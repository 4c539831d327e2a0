package io.tailgrant.config;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.PostureAttribute;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import java.time.Duration;
import java.util.List;

/** One grant type as an admin wrote it; principals may still name {@code group:}s. */
public record GrantTypeConfig(
    String name,
    String description,
    GrantKind kind,
    List<String> tags,
    PostureAttribute posture,
    TargetRule target,
    Duration minDuration,
    Duration maxDuration,
    Duration defaultDuration,
    Risk risk,
    List<String> requesters,
    List<String> approvers,
    int approvalsRequired,
    Duration approvalTimeout,
    boolean reasonRequired) {}
