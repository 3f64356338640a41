import type { Calibration } from "./score.ts";

/**
 * Written by `npm run calibrate` on 2026-11-29 from the dev sets of eval/suites (arts-cities 33, briefing 136, culture-sport 33, eastern-europe 33, history-geo 33, law-gov 33, mixed 33, nature-health 33, policy-mix 33, science-mix 33, space-science 33, tech-docs 33 questions); test sets unseen.
 * hybrid fusion: dense weight 0.3 (dev MRR of the gold passage 0.824, mean over suites)
 * hybrid: balanced dev outcome 74.5 % (in-sample), threshold 0.51
 * dense: balanced dev outcome 70.5 % (in-sample), threshold 0.49
 * bm25: balanced dev outcome 73.7 % (in-sample), threshold 0.47
 * hybrid, leave-one-suite-out (fitted without the suite, measured on its dev set): arts-cities 66.7 %, briefing 72.6 %, culture-sport 71.1 %, eastern-europe 82.6 %, history-geo 69.6 %, law-gov 62.4 %, mixed 89.1 %, nature-health 66.7 %, policy-mix 77.6 %, science-mix 87.0 %, space-science 66.7 %, tech-docs 58.9 %
 * (Balanced outcome: mean over suites of (answerable questions whose first quote answers + unanswerable declined) / 2.)
 */
export const CALIBRATIONS: Record<"hybrid" | "dense" | "bm25", Calibration> = {
  "hybrid": {
    "sentence": {
      "bias": -4.4626,
      "weights": {
        "similarity": 1.6212,
        "attributeSimilarity": 1.8659,
        "relevance": 1.8579,
        "coverage": 0.9258,
        "attributeCoverage": 0.1741,
        "contextCoverage": 1.9531,
        "proximity": 0.6309,
        "typeFound": 0.7432,
        "typeMissing": -0.7432,
        "keyWordsMissing": -0.6273,
        "keyWordsInSentence": -0.3851,
        "focusMissing": 0.3352,
        "focusInSentence": 0.5663,
        "uncoveredPeak": -0.7858,
        "unseen": 0,
        "passageRank": 1.0465
      }
    },
    "answer": {
      "bias": -1.8736,
      "weights": {
        "similarity": 0.2279,
        "attributeSimilarity": 0.2385,
        "relevance": 0.3194,
        "coverage": 0.4353,
        "attributeCoverage": 0.5138,
        "contextCoverage": 0.4073,
        "proximity": 0.0973,
        "typeFound": -0.1351,
        "typeMissing": 0,
        "keyWordsMissing": -0.0618,
        "keyWordsInSentence": 0.1154,
        "focusMissing": -0.0392,
        "focusInSentence": 0.1403,
        "uncoveredPeak": -0.4796,
        "unseen": -0.1008,
        "passageRank": 0.2628
      },
      "sentenceWeight": 0.3918,
      "marginWeight": 0.7287
    },
    "threshold": 0.51,
    "nearBest": 0
  },
  "dense": {
    "sentence": {
      "bias": -1.9389,
      "weights": {
        "similarity": 1.2162,
        "attributeSimilarity": 1.9217,
        "relevance": 0.0221,
        "coverage": 1.0538,
        "attributeCoverage": 0.5665,
        "contextCoverage": 1.7517,
        "proximity": 0.5146,
        "typeFound": 0.7234,
        "typeMissing": -0.7234,
        "keyWordsMissing": -1.4702,
        "keyWordsInSentence": -0.3214,
        "focusMissing": -0.6147,
        "focusInSentence": 0.291,
        "uncoveredPeak": -0.973,
        "unseen": 0,
        "passageRank": 0.8675
      }
    },
    "answer": {
      "bias": -1.366,
      "weights": {
        "similarity": 0.1475,
        "attributeSimilarity": 0.2116,
        "relevance": 0.0082,
        "coverage": 0.5488,
        "attributeCoverage": 0.7591,
        "contextCoverage": 0.5109,
        "proximity": 0.1374,
        "typeFound": -0.2009,
        "typeMissing": 0,
        "keyWordsMissing": -0.1285,
        "keyWordsInSentence": 0.0619,
        "focusMissing": -0.025,
        "focusInSentence": 0.1114,
        "uncoveredPeak": -0.5407,
        "unseen": 0.0789,
        "passageRank": 0.1451
      },
      "sentenceWeight": 0.3965,
      "marginWeight": 0.4982
    },
    "threshold": 0.49,
    "nearBest": 0
  },
  "bm25": {
    "sentence": {
      "bias": -4.6367,
      "weights": {
        "similarity": 1.9678,
        "attributeSimilarity": 1.9833,
        "relevance": 1.309,
        "coverage": 0.8168,
        "attributeCoverage": 0.2732,
        "contextCoverage": 2.0426,
        "proximity": 0.758,
        "typeFound": 0.8433,
        "typeMissing": -0.8433,
        "keyWordsMissing": -1.4807,
        "keyWordsInSentence": -0.3001,
        "focusMissing": 0.2531,
        "focusInSentence": 0.4457,
        "uncoveredPeak": -0.7581,
        "unseen": 0,
        "passageRank": 1.3111
      }
    },
    "answer": {
      "bias": -1.913,
      "weights": {
        "similarity": 0.2834,
        "attributeSimilarity": 0.2869,
        "relevance": 0.1089,
        "coverage": 0.4907,
        "attributeCoverage": 0.5648,
        "contextCoverage": 0.4537,
        "proximity": 0.0716,
        "typeFound": -0.0637,
        "typeMissing": 0,
        "keyWordsMissing": -0.0507,
        "keyWordsInSentence": 0.1887,
        "focusMissing": -0.0583,
        "focusInSentence": 0.155,
        "uncoveredPeak": -0.5174,
        "unseen": -0.0877,
        "passageRank": 0.1904
      },
      "sentenceWeight": 0.414,
      "marginWeight": 0.7617
    },
    "threshold": 0.47,
    "nearBest": 0
  }
};

/** The product answers with hybrid retrieval. */
export const CALIBRATION: Calibration = CALIBRATIONS.hybrid;
