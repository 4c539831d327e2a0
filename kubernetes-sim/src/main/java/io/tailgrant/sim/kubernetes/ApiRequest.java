package io.tailgrant.sim.kubernetes;

/**
 * One request the simulated API server answered: who sent it ({@code user}, as the API server would
 * authenticate the bearer token), the HTTP method and path, what the authorizer would see of it,
 * and its body (for create and update: the object sent).
 */
public record ApiRequest(
    String user, String method, String path, RequestAttributes attributes, String body) {}
