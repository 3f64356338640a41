import { FEATURES, type Features } from "./candidates.ts";

/**
 * The answer score: how likely a sentence is to answer the question, 0..1, a logistic function of
 * its features. Defined here once; the extractive answerer abstains below `threshold`, and the
 * answer log's "low confidence" review order uses the same threshold.
 */
export interface Calibration {
  bias: number;
  weights: Features;
  /** Below this answer score the answerer declines. */
  threshold: number;
}

export function answerScore(features: Features, calibration: Calibration): number {
  let z = calibration.bias;
  for (const name of FEATURES) z += calibration.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}
