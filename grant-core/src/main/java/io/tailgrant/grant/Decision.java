package io.tailgrant.grant;

/** An approver's approve or deny, with an optional comment. */
public record Decision(String actor, String comment) {}
