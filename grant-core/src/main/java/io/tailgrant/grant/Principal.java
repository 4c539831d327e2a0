package io.tailgrant.grant;

/** A person acting on TailGrant, as WhoIs identified them, with the device they acted from. */
public record Principal(String login, String displayName, String nodeId, String deviceName) {}
