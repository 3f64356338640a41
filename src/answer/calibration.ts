import type { Calibration } from "./extractive.ts";

/**
 * Provisional values until `npm run calibrate` fits them on tests/devset.jsonl and rewrites this file.
 */
export const CALIBRATION: Calibration = {
  weights: { similarity: 0.5, coverage: 0.3, relevance: 0.2, unseen: 0 },
  threshold: 0.35,
  secondSentenceRatio: 0.8,
};
