import { Composer, type Context } from "grammy";
import { createReloadComposer, type ReloadDeps } from "./reload.ts";
import { createReviewComposer, type ReviewDeps } from "./review.ts";
import { createStatsComposer, type StatsDeps } from "./stats.ts";

export { createDownvoteNotifier, type DownvoteNotifier, type DownvoteNotifierDeps } from "./notify.ts";
export { createReloadComposer, createReviewComposer, createStatsComposer };
export { NOT_AVAILABLE } from "./access.ts";

export type ModerationDeps = ReviewDeps & StatsDeps & ReloadDeps;

/**
 * /review, /approve, /flag, /stats and /reload with their buttons, for MODERATOR_IDS only.
 * Register before the question handler: it must see commands and note replies first.
 */
export function createModerationComposer<C extends Context>(deps: ModerationDeps): Composer<C> {
  const composer = new Composer<C>();
  composer.use(createReviewComposer<C>(deps), createStatsComposer<C>(deps), createReloadComposer<C>(deps));
  return composer;
}
