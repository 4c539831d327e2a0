package io.tailgrant.config;

/**
 * Whether admins may create, change, retire and roll back grant types at run time ({@code enabled};
 * off by default, so the config file is the only source), and what that may cost: at most {@code
 * maxTypes} types in force, {@code maxDefinitionBytes} of JSON per definition, and the last {@code
 * versionsKept} changes kept for rollback and audit (the catalogue workflow's state stays bounded
 * by them).
 */
public record LiveGrantTypesConfig(
    boolean enabled, int maxTypes, int maxDefinitionBytes, int versionsKept) {

  public static final LiveGrantTypesConfig DEFAULTS = new LiveGrantTypesConfig(false, 50, 4096, 50);
}
