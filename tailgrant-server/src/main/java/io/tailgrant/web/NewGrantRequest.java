package io.tailgrant.web;

/**
 * The body of {@code POST /api/v1/grants}; {@code target}, {@code duration} and {@code ticket} (an
 * id such as INC-1234, for types that take one) are optional.
 */
public record NewGrantRequest(
    String grantType, String target, String duration, String reason, String ticket) {}
