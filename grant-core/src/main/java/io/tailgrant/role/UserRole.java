package io.tailgrant.role;

/** A user as a role manager needs them: their id in the API and their role now. */
public record UserRole(String userId, String role) {}
