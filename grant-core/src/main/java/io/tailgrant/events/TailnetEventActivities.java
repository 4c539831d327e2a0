package io.tailgrant.events;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** What a {@link TailnetEventWorkflow} asks of the world: the directory and the grants. */
@ActivityInterface
public interface TailnetEventActivities {

  /** The steps {@code event} calls for now: {@link TailnetEventRules#plan} over the directory. */
  List<TailnetEventStep> plan(TailnetEventInput event);

  /** Takes {@code step} through an Update on the grant's workflow, as the event's system actor. */
  StepOutcome take(TailnetEventInput event, TailnetEventStep step);
}
