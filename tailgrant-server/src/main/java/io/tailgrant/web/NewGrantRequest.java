package io.tailgrant.web;

/** The body of {@code POST /api/v1/grants}; {@code target} and {@code duration} are optional. */
public record NewGrantRequest(String grantType, String target, String duration, String reason) {}
