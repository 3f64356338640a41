import { setImmediate } from "node:timers/promises";

/** Gives the event loop a turn if the current slice of work has run `sliceMs` or longer; cheap otherwise. */
export type Pause = () => Promise<void>;

/** Main-thread work longer than this between two turns of the event loop delays answers by as much: ms. */
export const LOAD_SLICE_MS = 5;

/**
 * Cooperative time slicing for long loads on the main thread (a reload of a large index): call the
 * returned function often; it yields to the event loop (answers, Telegram) once per `sliceMs`.
 */
export function createPause(sliceMs = LOAD_SLICE_MS): Pause {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < sliceMs) return;
    await setImmediate();
    sliceStarted = performance.now();
  };
}

/** For work that may run straight through (a build, a first load before the bot starts). */
export const noPause: Pause = async () => {};
