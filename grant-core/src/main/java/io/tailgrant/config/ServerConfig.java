package io.tailgrant.config;

/** How the server listens and whom it believes about the caller's address. */
public record ServerConfig(String listenHost, int listenPort, String publicUrl, boolean trustForwardedFor) {}
