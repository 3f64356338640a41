import type { Calibration } from "./extractive.ts";

/**
 * Written by `npm run calibrate` from tests/devset.jsonl (86 questions) on 2026-11-28.
 * In-sample: answerable cited 98.4 %, unanswerable abstained 82.6 %.
 * 5-fold cross-validated: answerable cited 85.7 %, unanswerable abstained 82.6 %.
 */
export const CALIBRATION: Calibration = {
  weights: { similarity: 0.5, coverage: 0.1, relevance: 0.2, unseen: 0.2 },
  threshold: 0.2510,
  secondSentenceRatio: 0.8,
};
