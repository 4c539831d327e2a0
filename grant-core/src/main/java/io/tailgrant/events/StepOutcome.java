package io.tailgrant.events;

/**
 * How one {@link TailnetEventStep} went: {@code changed} when the grant was ended or the approval
 * withdrawn, otherwise {@code detail} says why nothing was done (it had ended already, for one).
 */
public record StepOutcome(boolean changed, String detail) {}
