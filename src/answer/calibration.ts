import type { Calibration } from "./score.ts";

/** Starting weights before `npm run calibrate` has been run: the evidence by its plain meaning. */
const UNFITTED: Calibration = {
  bias: -4,
  weights: { similarity: 3, relevance: 1, coverage: 3, contextCoverage: 1, proximity: 1, typeFound: 0.5, typeMissing: -1, keyWordsMissing: -2, unseen: -2, passageRank: 0.5 },
  threshold: 0.3,
};

/** Per retrieval variant: the product answers with `hybrid`; the others serve the fair comparison in `npm run eval`. */
export const CALIBRATIONS = { hybrid: UNFITTED, dense: UNFITTED, bm25: UNFITTED };

export const CALIBRATION: Calibration = CALIBRATIONS.hybrid;
