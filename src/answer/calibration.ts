import type { Calibration } from "./score.ts";

/**
 * Written by `npm run calibrate` on 2026-11-29 from the dev sets of eval/suites (arts-cities 33, briefing 136, culture-sport 33, eastern-europe 33, history-geo 33, law-gov 33, mixed 33, nature-health 33, policy-mix 33, science-mix 33, space-science 33, tech-docs 33 questions); test sets unseen.
 * hybrid fusion: dense weight 0.3 (dev MRR of the gold passage 0.824, mean over suites)
 * hybrid: balanced dev outcome 75.5 % (in-sample), threshold 0.44
 * dense: balanced dev outcome 70.8 % (in-sample), threshold 0.41
 * bm25: balanced dev outcome 75.6 % (in-sample), threshold 0.45
 * hybrid, leave-one-suite-out (fitted without the suite, measured on its dev set): arts-cities 73.3 %, briefing 75.6 %, culture-sport 78.3 %, eastern-europe 86.3 %, history-geo 61.7 %, law-gov 64.6 %, mixed 84.1 %, nature-health 73.3 %, policy-mix 72.6 %, science-mix 87.0 %, space-science 73.9 %, tech-docs 61.1 %
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
      "bias": -4.1032,
      "weights": {
        "similarity": 0.8422,
        "attributeSimilarity": 0.8587,
        "relevance": 1.0113,
        "coverage": 0.7951,
        "attributeCoverage": 0.8422,
        "contextCoverage": 0.6782,
        "proximity": -0.0509,
        "typeFound": -0.1413,
        "typeMissing": 0,
        "keyWordsMissing": 0.0991,
        "keyWordsInSentence": 0.0481,
        "focusMissing": 0.2717,
        "focusInSentence": 0.2621,
        "uncoveredPeak": -0.7931,
        "unseen": -0.0293,
        "passageRank": 0.2675
      },
      "sentenceWeight": 0.5696,
      "marginWeight": 2.2263
    },
    "threshold": 0.44,
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
      "bias": -2.5795,
      "weights": {
        "similarity": 0.462,
        "attributeSimilarity": 1.0125,
        "relevance": -0.069,
        "coverage": 1.2761,
        "attributeCoverage": 1.2103,
        "contextCoverage": 0.909,
        "proximity": -0.056,
        "typeFound": -0.4103,
        "typeMissing": 0,
        "keyWordsMissing": -0.286,
        "keyWordsInSentence": -0.2079,
        "focusMissing": 0.3628,
        "focusInSentence": 0.0002,
        "uncoveredPeak": -0.9589,
        "unseen": 0.7265,
        "passageRank": 0.2288
      },
      "sentenceWeight": 0.619,
      "marginWeight": 1.558
    },
    "threshold": 0.41,
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
      "bias": -3.9842,
      "weights": {
        "similarity": 1.133,
        "attributeSimilarity": 1.0467,
        "relevance": 0.0048,
        "coverage": 0.911,
        "attributeCoverage": 1.0081,
        "contextCoverage": 0.8056,
        "proximity": -0.1,
        "typeFound": 0.0059,
        "typeMissing": 0,
        "keyWordsMissing": -0.0186,
        "keyWordsInSentence": 0.2689,
        "focusMissing": 0.1979,
        "focusInSentence": 0.2546,
        "uncoveredPeak": -0.8263,
        "unseen": 0.0881,
        "passageRank": 0.0911
      },
      "sentenceWeight": 0.6912,
      "marginWeight": 2.4572
    },
    "threshold": 0.45,
    "nearBest": 0
  }
};

/** The product answers with hybrid retrieval. */
export const CALIBRATION: Calibration = CALIBRATIONS.hybrid;
