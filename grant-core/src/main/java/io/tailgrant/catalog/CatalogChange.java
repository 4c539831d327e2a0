package io.tailgrant.catalog;

import java.time.Instant;

/**
 * A change an admin asks of the live catalogue, as the server sends it: {@code actor} (WhoIs'
 * login) does {@code action} to {@code name}; {@code definition} is the type's JSON for create and
 * change; {@code rollbackTo} the version a rollback restores (0: the config file's). {@code
 * baseVersion} is the catalogue version the server checked the change against (a change to a
 * catalogue that moved on, or an old change replayed, is refused) and {@code requestedAt} when it
 * was asked (a change is accepted only fresh).
 */
public record CatalogChange(
    String actor,
    CatalogAction action,
    String name,
    String definition,
    long rollbackTo,
    long baseVersion,
    Instant requestedAt) {}
