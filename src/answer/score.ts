import { FEATURES, type Features } from "./candidates.ts";

/** A logistic model over the candidate features: bias plus one weight per feature. */
export interface LogisticModel {
  bias: number;
  weights: Features;
}

/**
 * The two scores of the extractive answerer, both fitted on the dev sets by `npm run calibrate`:
 * - the sentence score ranks the candidate sentences (which one answers);
 * - the answer score, defined here once, is how likely the chosen sentence answers the question,
 *   0..1: the answerer declines below `threshold`, and the answer log's "low confidence" review band
 *   is the same threshold.
 */
export interface Calibration {
  sentence: LogisticModel;
  answer: LogisticModel & { sentenceWeight: number; marginWeight: number; passageMarginWeight: number };
  /** Below this answer score the answerer declines. */
  threshold: number;
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function linear(features: Features, model: LogisticModel): number {
  let z = model.bias;
  for (const name of FEATURES) z += model.weights[name] * features[name];
  return z;
}

/** Ranks candidate sentences: higher is more likely the answering one, 0..1. */
export function sentenceScore(features: Features, calibration: Calibration): number {
  return logistic(linear(features, calibration.sentence));
}

/** How far the chosen sentence's score stands above the best of another document, and of another passage. */
export interface Margins {
  document: number;
  passage: number;
}

/**
 * How likely the chosen sentence answers the question, 0..1, from its features, its sentence score
 * and its margins (a lone clear match is more telling than one of many alike).
 */
export function answerScore(features: Features, sentence: number, margins: Margins, calibration: Calibration): number {
  const { answer } = calibration;
  return logistic(linear(features, answer) + answer.sentenceWeight * sentence + answer.marginWeight * margins.document + answer.passageMarginWeight * margins.passage);
}
