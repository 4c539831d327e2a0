package io.tailgrant.catalog;

/**
 * The worker's verdict on a change it accepted: the entry to append and how many versions the
 * catalogue keeps (the worker's own config says).
 */
public record CatalogDecision(CatalogEntry entry, int versionsKept) {}
