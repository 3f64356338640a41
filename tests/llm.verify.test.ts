import { describe, expect, test } from "vitest";
import { findVerbatim, splitSentences, verifyGenerated, type Verified } from "../src/answer/verifyGenerated.ts";
import { DOC, INJECTION, MEETING, PANTRY, SANCTIONS, numbered } from "./helpers/llmFixtures.ts";

function answered(v: Verified) {
  if (v.status !== "answered") throw new Error(`expected answered, got ${JSON.stringify(v)}`);
  return v;
}

/** Every citation is a verbatim span of the file with absolute offsets. */
function expectVerbatim(v: Extract<Verified, { status: "answered" }>) {
  for (const c of v.citations) {
    expect(c.quote.length).toBeGreaterThan(0);
    expect(DOC.slice(c.start, c.end)).toBe(c.quote);
  }
}

describe("verifyGenerated: citations", () => {
  test("valid citations are kept and renumbered in order of first appearance", () => {
    const v = answered(
      verifyGenerated(
        "Kherson Oblast was Ukraine's top agricultural region before the occupation [2]. Lukashenko met Saldo on 15 September [1].",
        numbered(MEETING, PANTRY),
      ),
    );
    expect(v.text).toBe(
      "Kherson Oblast was Ukraine's top agricultural region before the occupation [1]. Lukashenko met Saldo on 15 September [2].",
    );
    expect(v.citations.map((c) => [c.n, c.passageId])).toEqual([
      [1, PANTRY.id],
      [2, MEETING.id],
    ]);
    expect(v.citations[0]!.score).toBeCloseTo(0.8);
    expect(v.verification).toEqual([]);
    expectVerbatim(v);
  });

  test("an invented citation number is removed, and so is the sentence resting only on it", () => {
    const v = answered(
      verifyGenerated("Lukashenko met Saldo on 15 September [1][7]. The meeting took place in Minsk [9].", numbered(MEETING, PANTRY)),
    );
    expect(v.text).toBe("Lukashenko met Saldo on 15 September [1].");
    expect(v.citations).toHaveLength(1);
    expect(v.verification.join("\n")).toMatch(/\[7\]: no passage 7/);
    expect(v.verification.join("\n")).toMatch(/resting only on invalid citation \[9\].*Minsk/);
  });

  test("comma lists are split and the valid part kept", () => {
    const v = answered(verifyGenerated("Before the occupation, Kherson was a farming region [2, 5].", numbered(MEETING, PANTRY)));
    expect(v.text).toBe("Before the occupation, Kherson was a farming region [1].");
    expect(v.citations[0]!.passageId).toBe(PANTRY.id);
  });

  test("a sentence naming a person, figure or link its passages never mention is dropped", () => {
    const v = answered(
      verifyGenerated(
        "Lukashenko met Saldo on 15 September [1]. Putin ordered the meeting [1]. They agreed on 400 tonnes [1]. Write to t.me/evil_bot for more [1].",
        numbered(MEETING),
      ),
    );
    expect(v.text).toBe("Lukashenko met Saldo on 15 September [1].");
    expect(v.verification.join("\n")).toMatch(/"Putin"/);
    expect(v.verification.join("\n")).toMatch(/"400"/);
    expect(v.verification.join("\n")).toMatch(/t\.me\/evil_bot/);
  });

  test("a sentence without a citation is dropped; with none left the result is failed", () => {
    const partly = answered(verifyGenerated("As we know, Belarus is a key ally. Lukashenko met Saldo [1].", numbered(MEETING)));
    expect(partly.text).toBe("Lukashenko met Saldo [1].");
    expect(partly.verification[0]).toMatch(/without a citation.*key ally/);

    const none = verifyGenerated("Lukashenko met Saldo. They discussed trade.", numbered(MEETING));
    expect(none.status).toBe("failed");
    expect(none.status === "failed" && none.reason).toMatch(/no sentence with a valid citation/);
  });

  test("markers written after the full stop stay with their sentence", () => {
    const v = answered(verifyGenerated("Lukashenko met Saldo. [1] Kherson was called a pantry. [2]", numbered(MEETING, PANTRY)));
    expect(v.text).toBe("Lukashenko met Saldo. [1] Kherson was called a pantry. [2]");
    expect(v.citations).toHaveLength(2);
  });

  test("[Passage n] and 【n】 are read as [n]", () => {
    const v = answered(verifyGenerated("Lukashenko met Saldo [Passage 2]. Kherson fed Ukraine 【1】.", numbered(PANTRY, MEETING)));
    expect(v.text).toBe("Lukashenko met Saldo [1]. Kherson fed Ukraine [2].");
    expect(v.citations.map((c) => c.passageId)).toEqual([MEETING.id, PANTRY.id]);
  });

  test("markers alone on a line cite the line above; markers with no claim cite nothing", () => {
    const v = answered(verifyGenerated("Lukashenko met Saldo on 15 September.\n[1]\nKherson fed Ukraine.", numbered(MEETING)));
    expect(v.text).toBe("Lukashenko met Saldo on 15 September. [1]");
    expect(verifyGenerated("Intro:\n\n- [1]\n- [1][2]", numbered(MEETING, PANTRY)).status).toBe("failed");
  });

  test("the abstain token gives abstained, in whatever formatting", () => {
    expect(verifyGenerated("NOT_IN_SOURCES", numbered(MEETING)).status).toBe("abstained");
    expect(verifyGenerated("**NOT_IN_SOURCES.**", numbered(MEETING)).status).toBe("abstained");
    expect(verifyGenerated("Lukashenko met Saldo [1].", numbered(MEETING)).status).toBe("answered");
  });

  test("list structure survives and an emptied bullet disappears", () => {
    const v = answered(verifyGenerated("Key points:\n- Lukashenko met Saldo [1].\n- Belarus is rich.\n- Kherson fed Ukraine [2].", numbered(MEETING, PANTRY)));
    expect(v.text).toBe("- Lukashenko met Saldo [1].\n- Kherson fed Ukraine [2].");
  });
});

describe("verifyGenerated: quotes", () => {
  test("a quotation found after normalising quote marks maps back to the exact original span", () => {
    const v = answered(verifyGenerated('Kherson earned its reputation as "Ukraine\'s pantry" [1].', numbered(PANTRY)));
    const c = v.citations[0]!;
    expect(c.quote).toBe("Ukraine’s pantry");
    expect(c.start).toBe(DOC.indexOf("Ukraine’s pantry"));
    expectVerbatim(v);
  });

  test("a quotation nesting single quotes matches the source's typographic double quotes", () => {
    const v = answered(verifyGenerated("He offered \"willingness to cooperate with the so-called 'new region' of Russia\" [1].", numbered(MEETING)));
    expect(v.citations[0]!.quote).toBe("willingness to cooperate with the so-called “new region” of Russia");
    expectVerbatim(v);
  });

  test("an invented quotation is removed with its sentence", () => {
    const v = answered(
      verifyGenerated(
        'Lukashenko called Kherson "a brotherly land of grain" [1]. Lukashenko met Saldo on 15 September [1].',
        numbered(MEETING, PANTRY),
      ),
    );
    expect(v.text).toBe("Lukashenko met Saldo on 15 September [1].");
    expect(v.verification.join("\n")).toMatch(/not verbatim.*brotherly land/);
  });

  test("a quotation must be in a passage the sentence cites, not merely in some passage", () => {
    const v = verifyGenerated('Kherson was known as "Ukraine’s pantry" [1].', numbered(MEETING, PANTRY));
    expect(v.status).toBe("failed");
  });

  test("quotes with an ellipsis must match fragment by fragment, in order", () => {
    const ok = answered(verifyGenerated('It supplied "grain … and other crops" [1].', numbered(PANTRY)));
    expect(ok.citations[0]!.quote).toBe("grain");
    expect(verifyGenerated('It supplied "other crops … grain" [1].', numbered(PANTRY)).status).toBe("failed");
  });

  test("whitespace differences do not matter, words do", () => {
    expect(verifyGenerated('It was "Ukraine’s   top\nagricultural region" [1].', numbered(PANTRY)).status).toBe("answered");
    expect(verifyGenerated('It was "Ukraine’s top farming region" [1].', numbered(PANTRY)).status).toBe("failed");
  });

  test("without a quotation, a long passage is quoted by its best-supporting sentence", () => {
    const v = answered(verifyGenerated("Washington lifted some sanctions on the airline Belavia [1].", numbered(SANCTIONS)));
    expect(v.citations[0]!.quote).toMatch(/^The US has reportedly lifted some sanctions on the Belarusian airline Belavia/);
    expect(v.citations[0]!.quote.length).toBeLessThan(SANCTIONS.text.length);
    expectVerbatim(v);
    const other = answered(verifyGenerated("Ukraine's foreign ministry criticised the meeting sharply [1].", numbered(SANCTIONS)));
    expect(other.citations[0]!.quote).toMatch(/Ministry of Foreign Affairs/);
    expectVerbatim(other);
  });

  test("a short passage is quoted whole", () => {
    const v = answered(verifyGenerated("There was a note [1].", numbered(INJECTION)));
    expect(v.citations[0]!.quote).toBe(INJECTION.text);
  });

  test("a Ukrainian answer keeps its verbatim English quotation; a translated one is removed", () => {
    const v = answered(
      verifyGenerated(
        "До окупації Херсонщина була «Ukraine’s top agricultural region» [1]. Її називали «житницею України» [1]. Лукашенко зустрівся з Сальдо 15 вересня [2].",
        numbered(PANTRY, MEETING),
      ),
    );
    expect(v.text).toBe("До окупації Херсонщина була «Ukraine’s top agricultural region» [1]. Лукашенко зустрівся з Сальдо 15 вересня [2].");
    expect(v.citations[0]!.quote).toBe("Ukraine’s top agricultural region");
    expect(v.verification.join("\n")).toMatch(/житницею/);
    expectVerbatim(v);
  });

  test("quotes never extend past the visible part of a passage", () => {
    const v = verifyGenerated('The US plans to "reopen its embassy in Minsk" [1].', numbered(SANCTIONS), { visibleChars: () => 60 });
    expect(v.status).toBe("failed");
  });
});

describe("sentence splitting and matching", () => {
  test("abbreviations and initials do not end a sentence", () => {
    expect(splitSentences("The U.S. Treasury acted [1]. Then J. Smith spoke [2].")).toEqual(["The U.S. Treasury acted [1].", "Then J. Smith spoke [2]."]);
    expect(splitSentences("В 2025 г. Лукашенко встретился с Сальдо [1]. Это было 15 сентября [1].")).toEqual([
      "В 2025 г. Лукашенко встретился с Сальдо [1].",
      "Это было 15 сентября [1].",
    ]);
  });

  test("findVerbatim maps normalised matches to original offsets", () => {
    const hay = "He said “stop   now” — twice.";
    const span = findVerbatim(hay, '"stop now" - twice');
    expect(span).not.toBeNull();
    expect(hay.slice(span!.start, span!.end)).toBe("“stop   now” — twice");
  });
});
