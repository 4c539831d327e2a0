package io.tailgrant.tailnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A user as the users API returns it (unknown fields ignored); {@code id} names it in calls. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TailnetUser(String id, String loginName, String role, String status, String type) {}
