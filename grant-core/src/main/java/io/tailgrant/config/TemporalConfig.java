package io.tailgrant.config;

/** Where Temporal is: {@code target} is host:port. */
public record TemporalConfig(String target, String namespace, String taskQueue) {}
