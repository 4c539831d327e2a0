package io.tailgrant.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tailgrant.directory.GrantSummary;
import java.util.List;

/** One page of a list: {@code {"grants":[...],"nextPageToken":"..."}}, no token on the last. */
public record GrantPage(
    List<GrantSummary> grants, @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {
  public GrantPage {
    grants = List.copyOf(grants);
  }
}
