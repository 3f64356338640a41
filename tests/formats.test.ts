import fs from "node:fs";
import path from "node:path";
import { Document, FootnoteReferenceRun, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { PDFDocument, PDFName, PDFString, StandardFonts, degrees } from "pdf-lib";
import { describe, expect, test } from "vitest";
import { chunkDocument } from "../src/corpus/chunk.ts";
import { extractDocx } from "../src/corpus/formats/docx.ts";
import { extractHtml } from "../src/corpus/formats/html.ts";
import { blocksToText, type DomNode } from "../src/corpus/formats/blocks.ts";
import { parseHTML } from "linkedom";
import { brokenWordJoin, documentWords } from "../src/corpus/formats/hyphenation.ts";
import { extractPdf, leftToRight, titleLine, withoutLetterSpacing, withoutPrivateGlyphs } from "../src/corpus/formats/pdf.ts";
import { loadCorpus } from "../src/corpus/load.ts";
import { createEngine } from "../src/engine.ts";
import { buildIndex } from "../src/index/build.ts";
import { readManifest, readStoredTexts } from "../src/index/store.ts";
import { problemLines } from "../src/index/report.ts";
import { toAnswerJson, toReadableText } from "../src/answer/json.ts";
import { renderAnswer } from "../src/bot/render.ts";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";
import { makeDocx, makeEncryptedPdf, makeHtml, makeImageOnlyPdf, makePdf, makeRawPdf } from "../src/fakes/documents.ts";
import { fakeEmbedder } from "./helpers/fakeEmbeddings.ts";

const RESERVOIR = "The Kestrel reservoir near Pinsk holds 4.2 billion cubic metres of water after the spring floods.";
const FERRY = "The Baltic ferry line from Klaipeda to Kiel carried 91,000 lorries in the first half of the year.";
const ORCHARD = "The Vitebsk apple orchards exported 12,500 tonnes of fruit to Serbia last autumn.";

describe("words broken across a PDF's lines", () => {
  const known = documentWords(["The run-time system of TraceMonkey", "uses pre-empt checks; we pre-empt"]);
  const join = (line: string, next: string) => brokenWordJoin(line, next, known);

  test("a broken word is joined; the document's own spelling decides before the word list", () => {
    expect(join("more difficult to com-", "pile than")).toBe(""); // "compile": an English word
    expect(join("the Trace-", "Monkey recorder")).toBe(""); // written "TraceMonkey" elsewhere
    expect(join("the run-", "time system")).toBe("-"); // written "run-time" elsewhere, never "runtime"
    expect(join("its monomor-", "phic calls")).toBe(""); // neither half a word: a hyphenation break
    expect(join("a soft hyphen\u00AD", "ated word")).toBe(""); // U+00AD only marks where a word may break
  });

  test("compounds and names keep their hyphen", () => {
    expect(join("a dynamically-", "typed loop")).toBe("-"); // two English words the list lacks joined
    expect(join("the non-", "European builds")).toBe("-"); // before a capital
    expect(join("the x-", "ray pass")).toBe("-"); // one letter is never left behind by hyphenation
    expect(join("em dash \u2010", "x")).toBeUndefined(); // no letter before the hyphen
  });

  test("lines that do not break a word are left alone", () => {
    expect(join("the talks began on", "Monday")).toBeUndefined();
    expect(join("COVID-", "19 cases")).toBeUndefined(); // a number goes on: no word to mend
    expect(join("the list -", "first item")).toBeUndefined();
  });
});

describe("PDF extraction", () => {
  test("keeps paragraphs and page numbers, and the title from the metadata", async () => {
    const pdf = await makePdf([["Water resources", "An introduction that stays on the first page."], ["Second page opening paragraph.", RESERVOIR]], "Water report");
    const result = await extractPdf(pdf);
    if ("problem" in result) throw new Error(result.problem);
    expect(result.title).toBe("Water report");
    expect(result.pageStarts).toHaveLength(2);
    const page2 = result.text.slice(result.pageStarts![1]);
    expect(page2.startsWith("Second page opening paragraph.")).toBe(true);
    // Lines wrapped on the page stay lines of one paragraph.
    expect(page2.replace(/(?<!\n)\n(?!\n)/g, " ")).toContain(`Second page opening paragraph.\n\n${RESERVOIR}`);
    expect(result.text.slice(0, result.pageStarts![1])).toContain("An introduction that stays on the first page.");
  });

  test("a manuscript's line numbers are no part of its lines, and its double-spaced lines stay one paragraph", async () => {
    // Found by a new user: a preprint's margin numbers were read into the last word of every line
    // ("deaths10", a heading "Abstract9"), and each double-spaced line was a paragraph of its own.
    const long = [RESERVOIR, FERRY, RESERVOIR, FERRY].join(" ");
    const result = (await extractPdf(await makePdf([["Abstract", long, long]], undefined, { lineStep: 28, lineNumbers: true }))) as { text: string };
    expect(result.text.split("\n\n").map((p) => p.replace(/\n/g, " "))).toEqual(["Abstract", long, long]);
    // Double-spaced without numbers: one paragraph still; numbers in the text stay ("91,000 lorries").
    const unnumbered = (await extractPdf(await makePdf([[long]], undefined, { lineStep: 28 }))) as { text: string };
    expect(unnumbered.text).toContain("\n");
    expect(unnumbered.text.replace(/\s+/g, " ")).toBe(long);
  });

  test("a line in bold right above its text, without a wider gap, is a paragraph of its own: a heading, not the first sentence's start", async () => {
    // Found by a new user: a manual's "How to enter setting mode" opened the quote of "You can enter setting mode …".
    const result = (await extractPdf(await makePdf([["**How to enter setting mode", "You can enter setting mode before starting a programme.", "**Sounds", "The buttons make a click sound, which you can deactivate."]]))) as { text: string };
    expect(result.text).toBe("How to enter setting mode\n\nYou can enter setting mode before starting a programme.\n\nSounds\n\nThe buttons make a click sound, which you can deactivate.");
    // A bold line that ends a sentence, or one over a line going on in lower case, stays in its paragraph.
    const inline = (await extractPdf(await makePdf([["**The valve must be closed first.", "Then open the tap."]]))) as { text: string };
    expect(inline.text).toBe("The valve must be closed first.\nThen open the tap.");
  });

  test("a title that only names the file it was printed from ('Microsoft Word - draft3.docx', 'untitled') or a template's placeholder ('Title') is not the title", async () => {
    // Citations named every quote of such a report "Microsoft Word - draft3.docx".
    for (const junk of ["Microsoft Word - draft3.docx", "Microsoft PowerPoint - deck", "untitled", "Untitled document", "Title", "Document1", "Presentation2", "report_final.doc", "C:\\Users\\olga\\report.pdf", "manual", "report_v2"]) {
      expect(await extractPdf(await makePdf([["The Kestrel reservoir holds water."]], junk)), junk).toEqual({ text: "The Kestrel reservoir holds water.", pageStarts: [0] });
    }
    expect(await extractPdf(await makePdf([[RESERVOIR]], "Water resources 2024"))).toMatchObject({ title: "Water resources 2024" });
  });

  test("a PDF without a title of its own is named by its file, not by a line that looks like a Markdown heading", async () => {
    // Found by a new user: a table's heading cell "# of Faculty" titled every citation of a report "of Faculty".
    const p = tempProject({ "rigor-report.pdf": await makePdf([["Faculty by department", "# of Faculty", "The report counts faculty."]]) });
    try {
      const [document] = (await loadCorpus(p.corpusDir)).documents;
      expect(document!.title).toBe("Rigor report");
    } finally {
      p.cleanup();
    }
  });

  test("a sentence running over a page break is kept whole, cited at the page where it begins", async () => {
    // Cut at the break, neither half answered "When did the talks end?".
    const pdf = await makePdf([["The talks began in Minsk on Monday,"], ["and ended in Vilnius on Friday. A second round is planned for May.", "The delegations then left."]]);
    const result = await extractPdf(pdf);
    if ("problem" in result) throw new Error(result.problem);
    const passages = chunkDocument({ id: "d", file: "d.pdf", title: "D", questions: [], text: result.text, hash: "h", format: "pdf", pageStarts: result.pageStarts });
    expect(passages.map((p) => [p.text.replace(/\n/g, " "), p.page])).toEqual([
      ["The talks began in Minsk on Monday, and ended in Vilnius on Friday.", 1],
      ["A second round is planned for May.", 2],
      ["The delegations then left.", 2],
    ]);
  });

  test("a sentence over a page without text is joined, cited at the page where it begins", async () => {
    // A full-page figure between the halves: the empty page must not keep the cut.
    const result = await extractPdf(await makePdf([["The talks began in Minsk on Monday,"], [], ["and ended in Vilnius on Friday.", "Everyone went home."]]));
    if ("problem" in result) throw new Error(result.problem);
    const passages = chunkDocument({ id: "d", file: "d.pdf", title: "D", questions: [], text: result.text, hash: "h", format: "pdf", pageStarts: result.pageStarts });
    expect(passages.map((p) => [p.text.replace(/\n/g, " "), p.page])).toEqual([
      ["The talks began in Minsk on Monday, and ended in Vilnius on Friday.", 1],
      ["Everyone went home.", 3],
    ]);
  });

  test("a page that ends a sentence, a footnote, a caption or a list item, or a next page that opens in capitals, is not joined", async () => {
    for (const [first, second] of [
      ["The talks began in Minsk on Monday.", "and ended in Vilnius on Friday."],
      ["The talks began in Minsk on Monday,", "Vilnius hosted the second round."],
      ["1 Source: Ministry of Foreign Affairs", "and ended in Vilnius on Friday."],
      ["Figure 3: Delegations by country", "and ended in Vilnius on Friday."],
      ["1. Open the valve", "and then the tap."],
    ]) {
      const result = await extractPdf(await makePdf([[first!], [second!]]));
      if ("problem" in result) throw new Error(result.problem);
      expect(result.text, first).toBe(`${first}\n\n${second}`);
      expect(result.pageStarts).toEqual([0, first!.length + 2]);
    }
  });

  test("a word broken by a hyphen at a page's end is mended", async () => {
    const result = await extractPdf(await makePdf([["The reservoir was filled to com-"], ["pletion in the spring of 1961."]]));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe("The reservoir was filled to completion in the spring of 1961.");
    expect(result.pageStarts).toEqual([0, result.text.length]);
  });

  test("filled form fields and text boxes added on the page (annotations) are text of their page", async () => {
    // pdf.js's text layer leaves annotations out: a filled form lost its answers, and a PDF whose
    // text was typed in with a viewer's text-box tool was called image-only ("run OCR").
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([595, 842]).drawText("Cover page.", { x: 50, y: 800, size: 11, font });
    const page = pdf.addPage([595, 842]);
    page.drawText("Application for a fishing permit", { x: 50, y: 800, size: 11, font });
    const field = pdf.getForm().createTextField("applicant");
    field.setText("Olga Petrova of Grodno applied for the Kestrel reservoir.");
    field.addToPage(page, { x: 50, y: 700, width: 400, height: 20 });
    // A field's code or tick is no text: "OFF CODE" headed the next page's passages.
    ["SE", "OFF CODE", "1000"].forEach((value, i) => {
      const code = pdf.getForm().createTextField(`code${i}`);
      code.setText(value);
      code.addToPage(page, { x: 50, y: 600 - 30 * i, width: 100, height: 20 });
    });
    const typed = pdf.addPage([595, 842]);
    const box = pdf.context.obj({ Type: "Annot", Subtype: "FreeText", Rect: [50, 700, 450, 730], DA: "/Helv 12 Tf 0 g", Contents: PDFString.of("Approved by the Pinsk water board on 3 May.") });
    typed.node.set(PDFName.of("Annots"), pdf.context.obj([pdf.context.register(box)]));
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe("Cover page.\n\nApplication for a fishing permit\n\nOlga Petrova of Grodno applied for the Kestrel reservoir.\n\nApproved by the Pinsk water board on 3 May.");
    const passages = chunkDocument({ id: "d", file: "d.pdf", title: "D", questions: [], text: result.text, hash: "h", format: "pdf", pageStarts: result.pageStarts });
    expect(passages.map((p) => [p.text, p.page])).toEqual([
      ["Cover page.", 1],
      ["Olga Petrova of Grodno applied for the Kestrel reservoir.", 2],
      ["Approved by the Pinsk water board on 3 May.", 3],
    ]);
  });

  test("running headers, footers and page numbers are left out; the pages' own lines at the edges stay", async () => {
    // Each of them was a passage on every page: "Ministry of Water - Annual report 2024" four times.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const totals = ["5,120", "6,200", "7,015", "880"];
    for (let n = 1; n <= 4; n++) {
      const page = pdf.addPage([595, 842]);
      page.drawText("Ministry of Water - Annual report 2024", { x: 50, y: 815, size: 8, font });
      page.drawText(`Reservoir ${n} report`, { x: 50, y: 770, size: 11, font });
      page.drawText(`Reservoir ${n} lies on the Pripyat and was filled in spring.`, { x: 50, y: 740, size: 11, font });
      page.drawText(`Total stored: ${totals[n - 1]} million cubic metres.`, { x: 50, y: 100, size: 11, font });
      page.drawText(`Page ${n + 1} of 5`, { x: 280, y: 30, size: 8, font }); // numbered from a cover page
    }
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    const pages = result.pageStarts!.map((start, i) => result.text.slice(start, result.pageStarts![i + 1]).trim());
    expect(pages[2]).toBe("Reservoir 3 report\n\nReservoir 3 lies on the Pripyat and was filled in spring.\n\nTotal stored: 7,015 million cubic metres.");
    expect(result.text).not.toMatch(/Ministry|Page \d/);
    // Two pages are too few to tell a running header from the text.
    const short = await extractPdf(await makePdf([["Ministry of Water", RESERVOIR], ["Ministry of Water", FERRY]]));
    expect(short).toMatchObject({ text: expect.stringMatching(/^Ministry of Water\n[^]*\n\nMinistry of Water\n/) });
  });

  test("two columns drawn line by line across the page are read one column, then the other", async () => {
    // Read across, "…4.2 million The southern reservoir…" joined two reservoirs into one sentence.
    const leftColumn = ["The northern reservoir holds 4.2 million", "cubic metres of water and supplies the", "eastern districts of the city. It was built", "in 1958 by the municipal water board."];
    const rightColumn = ["The southern reservoir is much smaller and", "mostly serves the industrial park near the", "harbour. Its dam was raised by three metres", "in 1987, which doubled its capacity."];
    const listing = ["v0 := ld state[748]", "st sp[0], v0", "v1 := ld state[764]"];
    const comments = ["// load primes from the record", "// store primes to the stack", "// load k from the record"];
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([612, 792]);
    page.drawText("Water Supply Report of the Municipal Board", { x: 150, y: 740, size: 14, font });
    leftColumn.forEach((line, i) => {
      page.drawText(line, { x: 50, y: 700 - 14 * i, size: 11, font });
      page.drawText(rightColumn[i]!, { x: 320, y: 700 - 14 * i, size: 11, font });
    });
    const code = pdf.addPage([612, 792]);
    code.drawText("The recorder writes the following trace for the loop body, one instruction a line:", { x: 50, y: 700, size: 11, font });
    listing.forEach((line, i) => {
      code.drawText(line, { x: 60, y: 680 - 14 * i, size: 10, font });
      code.drawText(comments[i]!, { x: 200, y: 680 - 14 * i, size: 10, font });
    });
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    const [first, second] = result.pageStarts!.map((start, i) => result.text.slice(start, result.pageStarts![i + 1]).trim());
    // The right column opens a paragraph: the left one ended a sentence (found by a new user's trial, T41, where the right
    // column's heading "3 Performance" had joined the left column's last paragraph).
    expect(first).toBe(["Water Supply Report of the Municipal Board", "", ...leftColumn, "", ...rightColumn].join("\n"));
    // A sentence that runs on into the next column stays one paragraph.
    const runOn = await PDFDocument.create();
    const runOnFont = await runOn.embedFont(StandardFonts.Helvetica);
    const runOnPage = runOn.addPage([612, 792]);
    const left = ["The northern reservoir holds 4.2 million", "cubic metres of water and supplies the", "eastern districts of the city. It was built", "in 1958 by the municipal water"];
    const right = ["board, which still runs it today and has", "raised its dam twice since then to keep", "up with the city. The board meets weekly", "in the old pump house by the river."];
    left.forEach((line, i) => {
      runOnPage.drawText(line, { x: 50, y: 700 - 14 * i, size: 11, font: runOnFont });
      runOnPage.drawText(right[i]!, { x: 320, y: 700 - 14 * i, size: 11, font: runOnFont });
    });
    const joined = await extractPdf(Buffer.from(await runOn.save()));
    expect(joined).toMatchObject({ text: [...left, ...right].join("\n") });
    // A listing with its comments aligned is one column, read across.
    expect(second).toContain(listing.map((line, i) => `${line} ${comments[i]}`).join("\n"));
  });

  test("running footers a browser prints, page numbers drawn before the text, and Roman page numbers are left out", async () => {
    // Chromium prints "file:///…/notes.html 3/6" at every page's foot; a book alternates its page
    // numbers left and right and may draw them before the text; front matter counts in Roman numerals.
    const footed = async (footer: (n: number) => { text: string; x: number }[]) => {
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      for (let n = 1; n <= 4; n++) {
        const page = pdf.addPage([612, 792]);
        for (const part of footer(n)) page.drawText(part.text, { x: part.x, y: 30, size: 9, font });
        page.drawText(`Orchard note ${n}: the trees were pruned in week ${n + 9}.`, { x: 60, y: 700, size: 12, font });
        page.drawText("The pears went to the cold cellar.", { x: 60, y: 684, size: 12, font });
      }
      const result = await extractPdf(Buffer.from(await pdf.save()));
      if ("problem" in result) throw new Error(result.problem);
      return result.text;
    };
    const body = [1, 2, 3, 4].map((n) => `Orchard note ${n}: the trees were pruned in week ${n + 9}.\nThe pears went to the cold cellar.`).join("\n\n");
    expect(await footed((n) => [{ text: "file:///home/ingrid/notes.html", x: 30 }, { text: `${n}/4`, x: 560 }])).toBe(body);
    expect(await footed((n) => [{ text: String(n), x: n % 2 ? 550 : 50 }])).toBe(body);
    expect(await footed((n) => [{ text: ["i", "ii", "iii", "iv"][n - 1]!, x: 300 }])).toBe(body);
  });

  test("headers that alternate between left and right pages, a page number before their words, are left out, also on an odd number of pages", async () => {
    // A court opinion heads its left pages "2 UNITED STATES v. COOLEY" and its right pages
    // "Cite as: 593 U. S. ____ (2021) 3": each on every other page, short of half of seven.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let n = 1; n <= 7; n++) {
      const page = pdf.addPage([612, 792]);
      const header = n % 2 === 0 ? { text: `${n} UNITED STATES v. COOLEY`, x: 60 } : { text: `Cite as: 593 U. S. ____ (2021) ${n}`, x: 330 };
      page.drawText(header.text, { x: header.x, y: 740, size: 9, font });
      page.drawText(`Opinion page ${n}: the officer stopped the truck on the highway.`, { x: 60, y: 700, size: 12, font });
      page.drawText("The court of appeals affirmed the order.", { x: 60, y: 684, size: 12, font });
    }
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).not.toMatch(/COOLEY|Cite as/);
    expect(result.text).toContain("Opinion page 7: the officer stopped the truck on the highway.");
  });

  test("a short note that ends several pages wherever their text stops is left out; a page's own last line stays", async () => {
    // "Continued on next page" under each page's text, at a different height on each, became the
    // heading of the next page's passages.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let n = 1; n <= 5; n++) {
      const page = pdf.addPage([612, 792]);
      const lines = Array.from({ length: n + 2 }, (_, k) => `Step ${n}.${k + 1}: rinse filter ${k + 1} of tank ${n} with cold water.`);
      lines.forEach((line, k) => page.drawText(line, { x: 60, y: 700 - 30 * k, size: 12, font }));
      if (n < 4) page.drawText("Continued on next page", { x: 400, y: 700 - 30 * lines.length, size: 10, font });
      else page.drawText(`Tank ${n} is done.`, { x: 60, y: 700 - 30 * lines.length, size: 12, font });
    }
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).not.toContain("Continued");
    expect(result.text).toContain("Step 3.5: rinse filter 5 of tank 3 with cold water.");
    expect(result.text).toContain("Tank 4 is done.");
    expect(result.text).toContain("Tank 5 is done.");
  });

  test("a label in the left margin beside a paragraph is a line of its own, not the start of its first sentence", async () => {
    // Found by a new user: "Introduction This map shows …" and "Checklist Edit copy …" were quoted as sentences.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([612, 792]);
    const body = [
      ["Introduction", "This map shows the trails of the northern park and the", "huts where hikers may stay overnight in summer, with", "the wells and the ranger stations."],
      ["Checklist", "Edit copy before it goes to print and check every", "name against the register of the park office, then", "send it to the printer."],
    ];
    body.forEach((paragraph, k) => {
      const top = 700 - 80 * k;
      page.drawText(paragraph[0]!, { x: 40, y: top, size: 10, font });
      paragraph.slice(1).forEach((line, i) => page.drawText(line, { x: 150, y: top - 14 * i, size: 11, font }));
    });
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe(
      "Introduction\n\nThis map shows the trails of the northern park and the\nhuts where hikers may stay overnight in summer, with\nthe wells and the ranger stations.\n\nChecklist\n\nEdit copy before it goes to print and check every\nname against the register of the park office, then\nsend it to the printer.",
    );
  });

  test("a word broken by a hyphen at a line's end is mended; compounds and names keep their hyphen", async () => {
    // Justified PDFs break words at lines' ends: "com-" / "pile" matched no question's "compile".
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([595, 842]);
    const lines = [
      "Dynamic languages such as JavaScript are more difficult to com-",
      "pile than statically typed ones. TraceMonkey records a dynamically-",
      "typed loop once; the Trace-",
      "Monkey recorder runs in the non-",
      "European builds as well as in the x-",
      "ray pass. Its memory use is low-",
      "",
      "overhead in every test.",
    ];
    lines.forEach((line, i) => line && page.drawText(line, { x: 50, y: 800 - 14 * i, size: 11, font }));
    const result = await extractPdf(Buffer.from(await pdf.save()));
    expect(result).toMatchObject({
      text:
        "Dynamic languages such as JavaScript are more difficult to compile than statically typed ones. TraceMonkey records a dynamically-typed loop once; the TraceMonkey recorder runs in the non-European builds as well as in the x-ray pass. Its memory use is low-\n\noverhead in every test.",
    });
  });

  test("a spread's page numbers and running heads are left out; a line's items are read left to right whatever order they are drawn in", async () => {
    // Found by a new user: a guide printed two pages to a PDF page drew its header's page numbers last,
    // read as "INTRODUCTION6 7", "…TECH PROJECTS54 55": 43 passages had such a header as their section.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const chapters = ["INTRODUCTION", "INTRODUCTION", "BASIC PRINCIPLES", "BASIC PRINCIPLES", "BEST PRACTICES", "BEST PRACTICES"];
    chapters.forEach((chapter, i) => {
      const page = pdf.addPage([792, 612]);
      for (let k = 0; k < 4; k++) page.drawText(`Spread ${i + 1} line ${k + 1} explains how agencies budget for software projects.`, { x: 36, y: 500 - 40 * k, size: 11, font });
      page.drawText("DE-RISKING GOVERNMENT TECHNOLOGY", { x: 57, y: 571, size: 8, font });
      page.drawText(chapter, { x: 441, y: 571, size: 8, font });
      page.drawText(String(2 * (i + 1) + 2), { x: 36, y: 571, size: 8, font }); // left page's number, drawn last
      page.drawText(String(2 * (i + 1) + 3), { x: 747, y: 571, size: 8, font });
    });
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe(chapters.map((_, i) => [1, 2, 3, 4].map((k) => `Spread ${i + 1} line ${k} explains how agencies budget for software projects.`).join("\n\n")).join("\n\n"));
    // Drawn right part first, a line still reads left to right.
    const mixed = await PDFDocument.create();
    const page = mixed.addPage([612, 792]);
    const helvetica = await mixed.embedFont(StandardFonts.Helvetica);
    page.drawText("stored in the cellar.", { x: 150, y: 700, size: 11, font: helvetica });
    page.drawText("The pears are", { x: 50, y: 700, size: 11, font: helvetica });
    expect(await extractPdf(Buffer.from(await mixed.save()))).toMatchObject({ text: "The pears are stored in the cellar." });
  });

  test("a PDF's title written on several lines is one line, without the lines it repeats", () => {
    // Found by a new user: every citation showed "…State Field Guide\rGovernment\r Technology: State Field Guide".
    expect(titleLine("De-risking Government Technology: State Field Guide\rGovernment\r Technology: State Field Guide")).toBe("De-risking Government Technology: State Field Guide");
    expect(titleLine("Annual Report\r\n2023")).toBe("Annual Report 2023");
    expect(titleLine("  Water   board  ")).toBe("Water board");
  });

  test("a PDF whose info names no title takes the first page's tallest print of two words or more as its title", async () => {
    // Found on a new user's trial: papers whose info titled them "p020-dutot.dvi" were cited as their files' names ("Sample").
    const make = async (draw: (page: ReturnType<PDFDocument["addPage"]>, font: Awaited<ReturnType<PDFDocument["embedFont"]>>) => void, title?: string) => {
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      if (title) pdf.setTitle(title);
      draw(pdf.addPage([612, 792]), font);
      return extractPdf(Buffer.from(await pdf.save()));
    };
    const body = (page: ReturnType<PDFDocument["addPage"]>, font: Awaited<ReturnType<PDFDocument["embedFont"]>>) => {
      for (let k = 0; k < 8; k++) page.drawText(`Line ${k + 1} of the paper tells how the scheduler places jobs on the nodes.`, { x: 50, y: 560 - 14 * k, size: 11, font });
    };
    const paper = await make((page, font) => {
      page.drawText("Redpaper", { x: 300, y: 40, size: 60, font }); // a series' name in the biggest print
      page.drawText("A Bi-criteria Algorithm for Scheduling", { x: 50, y: 700, size: 20, font });
      page.drawText("Jobs on Cluster Platforms", { x: 50, y: 676, size: 20, font });
      page.drawText("Pierre Dutot and Denis Trystram", { x: 50, y: 640, size: 12, font });
      body(page, font);
    }, "p020-dutot.dvi");
    expect(paper).toMatchObject({ title: "A Bi-criteria Algorithm for Scheduling Jobs on Cluster Platforms" });
    // A title in the info wins; a page all in one print has none of its own.
    expect(await make((page, font) => (page.drawText("Scheduling Jobs", { x: 50, y: 700, size: 20, font }), body(page, font)), "Cluster scheduling report")).toMatchObject({ title: "Cluster scheduling report" });
    expect(await make((page, font) => body(page, font))).toMatchObject({ title: undefined });
  });

  test("a heading set letter-spaced is read as words; spaced single letters that spell none stay", async () => {
    // Found by a new user: "E x e c u t i v e S u m m a r y" named a section no question matched.
    const pdf = makeRawPdf("BT /F1 14 Tf 3 Tc 50 800 Td (Executive Summary) Tj ET BT /F1 11 Tf 0 Tc 50 770 Td (Choose one of a b c d.) Tj ET");
    expect(await extractPdf(pdf)).toEqual({ text: "Executive Summary\n\nChoose one of a b c d.", pageStarts: [0] });
    expect(withoutLetterSpacing("P e t r o v a and T h e")).toBe("Petrova and The");
    expect(withoutLetterSpacing("axes x y z, options A B C")).toBe("axes x y z, options A B C");
  });

  test("footnote marks set as superscripts are left out; a word in small capitals is one word", async () => {
    // Found by a new user: "information1" matched no "information", and "F OREWORD", "C ONFIDENTIALITY" no heading.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const page = pdf.addPage([612, 792]);
    const lead = "Agencies categorize each information";
    page.drawText(lead, { x: 90, y: 660, size: 11, font });
    const after = 90 + font.widthOfTextAtSize(lead, 11);
    page.drawText("1", { x: after, y: 664, size: 7, font });
    page.drawText(" system by its potential impact.", { x: after + font.widthOfTextAtSize("1", 7), y: 660, size: 11, font });
    page.drawText("The agency keeps 1 register of all systems.", { x: 90, y: 646, size: 11, font });
    expect(await extractPdf(Buffer.from(await pdf.save()))).toMatchObject({ text: "Agencies categorize each information system by its potential impact.\nThe agency keeps 1 register of all systems." });
    // pdf.js puts an empty space between a small capital's larger first letter and the rest of the word.
    const item = (str: string, x: number, width: number, size: number) => ({ str, dir: "ltr", width, height: size, transform: [size, 0, 0, size, x, 700], fontName: "f", hasEOL: false });
    expect(leftToRight([item("F", 278.6, 6.7, 11), item(" ", 285.3, 0, 11), item("OREWORD", 285.4, 48, 9)], 11)).toBe("FOREWORD");
    expect(leftToRight([item("a", 430, 5.1, 10.5), item(" ", 435.2, 0.2, 10.5), item("limited", 437.8, 31.5, 10.5)], 10.5)).toBe("a limited");
  });

  test("a symbol font's private-use glyphs: a bullet at a line's start, left out elsewhere", () => {
    // Found by a new user's trial (T38): an arrow bullet drawn in Wingdings was quoted as U+F0E8, a box.
    expect(withoutPrivateGlyphs("\uF0E8 Classify data processed, stored, or transmitted.")).toBe("• Classify data processed, stored, or transmitted.");
    expect(withoutPrivateGlyphs("\uF0B7Apply controls")).toBe("• Apply controls");
    expect(withoutPrivateGlyphs("Press \uF0E0 to go on \uF0FC")).toBe("Press to go on");
    expect(withoutPrivateGlyphs("No symbol here.")).toBe("No symbol here.");
  });

  test("a running footer whose page number counts in Roman numerals, then anew from 1, is left out", async () => {
    // Found by a new user's trial (T42): NIST's "This publication is available free of charge from: https://doi.org/… v"
    // stayed on the front matter's pages, opening their passages.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const numbers = ["ii", "iii", "iv", "1", "2", "3", "4", "5"];
    numbers.forEach((number, i) => {
      const page = pdf.addPage([612, 792]);
      for (let line = 0; line < 6; line++) page.drawText(`Section ${i + 1} of the framework sets out how agencies manage risk, step ${line + 1}.`, { x: 72, y: 700 - 16 * line, size: 12, font });
      page.drawText("This publication is available free of charge from: https://doi.org/10.6028/NIST.CSWP.04162018", { x: 72, y: 39, size: 10, font });
      page.drawText(number, { x: 534, y: 39, size: 12, font });
    });
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).not.toContain("free of charge");
    expect(result.text).toContain("Section 1 of the framework sets out how agencies manage risk, step 1.");
  });

  test("a drop cap is the first letter of the word it begins", async () => {
    // Found by a new user's trial (T40): a magazine's "T" / "he ORCID initiative" read as two lines.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const page = pdf.addPage([612, 792]);
    // As the magazine draws it: the capital's baseline two lines down, the line it begins level with its top.
    page.drawText("T", { x: 92, y: 606, size: 70, font });
    page.drawText("he ORCID initiative began in 2010.", { x: 92 + font.widthOfTextAtSize("T", 70), y: 646, size: 10.5, font });
    page.drawText("It is a registry of identifiers.", { x: 135, y: 634, size: 10.5, font });
    page.drawText("A", { x: 72, y: 600, size: 10, font });
    page.drawText("b is not a word here.", { x: 72, y: 588, size: 10, font });
    expect(await extractPdf(Buffer.from(await pdf.save()))).toMatchObject({ text: "The ORCID initiative began in 2010.\nIt is a registry of identifiers.\n\nA\nb is not a word here." });
  });

  test("a raised number against a number is its exponent, kept as \"^\": no footnote mark", async () => {
    // Found by a new user's trial (T38): a paper's "10^10 100-byte records" was quoted as "10 100-byte records".
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const page = pdf.addPage([612, 792]);
    const lead = "The program scans through 10";
    page.drawText(lead, { x: 90, y: 660, size: 10, font });
    const after = 90 + font.widthOfTextAtSize(lead, 10);
    page.drawText("10", { x: after, y: 663.6, size: 7, font });
    page.drawText(" records, and a note follows 1999", { x: after + font.widthOfTextAtSize("10", 7), y: 660, size: 10, font });
    expect(await extractPdf(Buffer.from(await pdf.save()))).toMatchObject({ text: "The program scans through 10^10 records, and a note follows 1999" });
  });

  test("a printer's slug in small print, page numbers running on from an earlier issue on alternate sides, and text turned on its side are left out", async () => {
    // Found by a new user on a Federal Register issue: "VerDate Sep<11>2014 … Frm 00001 …" and "Federal
    // Register / … 47699" were a passage on every page, and "jbell on DSKJLSW7X2PROD with PROPOSALS",
    // printed up the margin, was read into the text beside it.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const totals = ["5,120", "6,200", "7,015", "880", "1,020"];
    for (let n = 1; n <= 5; n++) {
      const page = pdf.addPage([612, 792]);
      const number = 47698 + n;
      page.drawText(n % 2 === 0 ? `${number} Federal Register / Vol. 85, No. 152 / Proposed Rules` : `Federal Register / Vol. 85, No. 152 / Proposed Rules ${number}`, { x: 45, y: 750, size: 10, font });
      page.drawText(`Reservoir ${n} lies on the Pripyat and was filled in spring.`, { x: 45, y: 700, size: 11, font });
      page.drawText(`Total stored: ${totals[n - 1]} million cubic metres.`, { x: 45, y: 100, size: 11, font });
      page.drawText(`VerDate Sep<11>2014 16:21 Aug 05, 2020 Jkt 250001 Frm 0000${n} Fmt 4702 Sfmt 47${n}2`, { x: 45, y: 20, size: 6.5, font });
      page.drawText("jbell on DSKJLSW7X2PROD with PROPOSALS", { x: 20, y: 300, size: 7, font, rotate: degrees(90) });
    }
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    const pages = result.pageStarts!.map((start, i) => result.text.slice(start, result.pageStarts![i + 1]).trim());
    expect(pages[2]).toBe("Reservoir 3 lies on the Pripyat and was filled in spring.\n\nTotal stored: 7,015 million cubic metres.");
    expect(result.text).not.toMatch(/Federal Register|VerDate|jbell|4770/);
  });

  test("an accent drawn back over the letter before it, or in one piece before its letter, is that letter accented; no space before a colon drawn apart", async () => {
    // Found by a new user: "Ageˆncia Nacional de Aviac¸a˜o Civil" for "Agência Nacional de Aviação
    // Civil", and "DATES : The FAA must receive comments" with the label in small capitals.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const page = pdf.addPage([612, 792]);
    const lead = "authorities: Age";
    page.drawText(lead, { x: 50, y: 700, size: 11, font });
    page.drawText("\u02C6ncia Nacional de Civil in Brazil.", { x: 50 + font.widthOfTextAtSize(lead, 11) - 4, y: 700, size: 11, font });
    page.drawText("Montr\u00B4eal hosts the Universit\u00B4e.", { x: 50, y: 680, size: 11, font });
    page.drawText("DATES", { x: 50, y: 660, size: 8, font });
    page.drawText(": The FAA must receive comments.", { x: 50 + font.widthOfTextAtSize("DATES", 8) + 4, y: 660, size: 11, font });
    const result = await extractPdf(Buffer.from(await pdf.save()));
    expect(result).toMatchObject({ text: "authorities: Agência Nacional de Civil in Brazil.\n\nMontréal hosts the Université.\n\nDATES: The FAA must receive comments." });
    // TeX's accents, as pdf.js gives a paper's items: over the letter drawn before them, after a space
    // item ("Baudi", "s", " ", "ˇ"), over the first letter of the item before ("Sediv", "ˇ"), or ending
    // one item before the letter that opens the next ("Baudiˇ", "s and Jan ˇ", "Sediv").
    const item = (str: string, x: number, width: number) => ({ str, dir: "ltr", width, height: 10.9, transform: [10.9, 0, 0, 10.9, x, 133], fontName: "f", hasEOL: false });
    const drawn = [item("(Baudi", 193.1, 30.3), item(" ", 223.4, 0.3), item("ˇ", 223.7, 3.6), item("s", 223.4, 4.3), item(" ", 227.7, 7.1), item("and", 234.9, 16.1), item(" ", 251, 8.4), item("ˇ", 259.4, 3.6), item("Sediv", 258.2, 25.1), item(" ", 283.28, 0.9), item("y,", 283.29, 8.3)];
    expect(leftToRight([...drawn].sort((a, b) => a.transform[4]! - b.transform[4]!), 10.9)).toBe("(Baudiš and Šedivy,");
    expect(leftToRight([item("Petr Baudiˇ", 307.3, 47.3), item("s and Jan ˇ", 351, 47.6), item("Sedivy.", 394.2, 26.6)], 10.9)).toBe("Petr Baudiš and Jan Šedivy.");
  });

  test("a title the file draws after the page's text, above it, is read first", async () => {
    // Found by a new user on a kit's manual: its title, drawn last, ended page 1 and headed pages 2 to 7.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([612, 792]);
    page.drawText("The kit is very easy to assemble.", { x: 36, y: 700, size: 12, font });
    page.drawText("All of its parts are the thru-hole type.", { x: 36, y: 686, size: 12, font });
    page.drawText("Iambic Keyer Shield", { x: 42, y: 750, size: 26, font });
    expect(await extractPdf(Buffer.from(await pdf.save()))).toMatchObject({ text: "Iambic Keyer Shield\n\nThe kit is very easy to assemble.\nAll of its parts are the thru-hole type." });
  });

  test("footnotes the file draws before the text above them are read after it; a sentence broken at a hyphen over a page goes on", async () => {
    // Found by a new user on a Federal Register issue: page 2 opened with its footnotes, which parted
    // "… after takeoff from Soekarno-" (page 1) from "Hatta International Airport …, resulting in 189 fatalities."
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const first = pdf.addPage([612, 792]);
    first.drawText("The report reviews the accident in full.", { x: 45, y: 700, size: 9, font });
    first.drawText("The airplane crashed after takeoff from Soekarno-", { x: 45, y: 100, size: 9, font });
    const second = pdf.addPage([612, 792]);
    second.drawText("1 The preliminary report can be found in the docket.", { x: 45, y: 120, size: 7, font });
    second.drawText("2 The final report was published in October 2019.", { x: 45, y: 112, size: 7, font });
    second.drawText("Hatta International Airport, resulting in 189 fatalities.", { x: 45, y: 700, size: 9, font });
    second.drawText("The investigation found two causes of the accident.", { x: 45, y: 689, size: 9, font });
    const result = await extractPdf(Buffer.from(await pdf.save()));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toContain("The airplane crashed after takeoff from Soekarno-Hatta International Airport, resulting in 189 fatalities.");
    expect(result.text.trimEnd().endsWith("2 The final report was published in October 2019.")).toBe(true);
    // A paper's footnote at the foot of its first column, before a table in small print atop the second.
    const paper = await PDFDocument.create();
    const times = await paper.embedFont(StandardFonts.TimesRoman);
    const page = paper.addPage([612, 792]);
    for (const [k, line] of ["The retriever was trained on five datasets.", "Each dataset comes with its own split.", "CuratedTREC sources questions from TREC QA tracks"].entries()) page.drawText(line, { x: 72, y: 700 - 200 * k, size: 11, font: times });
    page.drawText("5 Wang et al. also split documents into passages.", { x: 72, y: 100, size: 9, font: times });
    page.drawText("which we do not find useful here.", { x: 72, y: 90, size: 9, font: times });
    page.drawText("Dataset Train Dev Test", { x: 313, y: 768, size: 9, font: times });
    page.drawText("and various Web sources.", { x: 313, y: 700, size: 11, font: times });
    const read = await extractPdf(Buffer.from(await paper.save()));
    if ("problem" in read) throw new Error(read.problem);
    expect(read.text).not.toMatch(/TREC QA tracks\s+5 Wang/);
    expect(read.text.trimEnd().endsWith("which we do not find useful here.")).toBe(true);
  });

  test("control characters a font without a character map gives are read as spaces, never quoted", async () => {
    // Such a PDF answered "Related\x02studies\x02on…", with the raw control characters in the reply.
    const pdf = makeRawPdf("BT /F1 12 Tf 50 800 Td (Related\\002studies\\002on\\010usefulness) Tj ET", { 2: "g2", 8: "g8" });
    expect(await extractPdf(pdf)).toEqual({ text: "Related studies on usefulness", pageStarts: [0] });
  });

  test("right-to-left words drawn one by one are read right to left, with the spaces between them", async () => {
    // Arabic and Hebrew PDFs often draw each word as its own item, in either order: the line was
    // joined in drawing order, so "ال مصر" came out as "مصر ال" or "المصر".
    const arabic = { 201: "uni0627", 202: "uni0644", 205: "uni0631", 206: "uni0635", 207: "uni0645" };
    const al = "BT /F1 12 Tf 340 700 Td (\\312\\311) Tj ET"; // "ال" at the right, its glyphs drawn left to right
    const misr = "BT /F1 12 Tf 300 700 Td (\\315\\316\\317) Tj ET"; // "مصر" to its left
    const english = "BT /F1 12 Tf 50 686 Td (Cairo) Tj ET\nBT /F1 12 Tf 90 686 Td (is the capital.) Tj ET";
    for (const content of [`${misr}\n${al}\n${english}`, `${al}\n${misr}\n${english}`]) {
      expect(await extractPdf(makeRawPdf(content, arabic))).toEqual({ text: "ال مصر\nCairo is the capital.", pageStarts: [0] });
    }
  });

  test("a PDF's pages without text are named in the reindex report; its other pages are indexed", async () => {
    // Found by a new user: a report's scanned pages were left out and the reindex said nothing.
    const pdf = await makePdf([[RESERVOIR], [], [], [FERRY], []]);
    expect(await extractPdf(pdf)).toMatchObject({ notice: expect.stringMatching(/^pages 2–3, 5 \(3 of 5\) have no text layer .* run OCR/) });
    expect(await extractPdf(await makePdf([[RESERVOIR]]))).not.toHaveProperty("notice");
    const p = tempProject({ "scan.pdf": pdf });
    try {
      const summary = await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder: fakeEmbedder() });
      expect(summary.problems).toEqual([]);
      expect(problemLines(summary)).toEqual([expect.stringMatching(/^note: scan\.pdf: pages 2–3, 5 \(3 of 5\) have no text layer/)]);
      expect(summary.passages).toBe(2);
    } finally {
      p.cleanup();
    }
  });

  test("encrypted, image-only and damaged PDFs are named problems", async () => {
    expect(await extractPdf(makeEncryptedPdf())).toEqual({ problem: expect.stringMatching(/encrypted/) });
    expect(await extractPdf(await makeImageOnlyPdf())).toEqual({ problem: expect.stringMatching(/no text to index .*image-only/) });
    const good = await makePdf([[RESERVOIR]]);
    expect(await extractPdf(good.subarray(0, 200))).toEqual({ problem: expect.stringMatching(/damaged/) });
    expect(await extractPdf(Buffer.from("%PDF-1.7\nthis is not really a PDF at all\n"))).toEqual({ problem: expect.stringMatching(/damaged/) });
  });
});

describe("HTML extraction", () => {
  test("takes the article without navigation, sidebar, footer or scripts; headings become sections", async () => {
    const html = makeHtml("Ferries | Example News", "Baltic shipping", [FERRY, "Officials in Lithuania expect the route to grow further next year, as more hauliers avoid the land border."]);
    const result = await extractHtml(Buffer.from(html));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toContain(FERRY);
    expect(result.text).not.toMatch(/Subscribe|Celebrity chef|Copyright|analytics/);
    const passages = chunkDocument({ id: "d", file: "d.html", title: "D", questions: [], text: result.text, hash: "h", format: "html" });
    expect(passages.find((p) => p.text === FERRY)?.section).toBe("Baltic shipping");
    expect(passages.every((p) => p.page === undefined)).toBe(true);
  });

  test("a saved wiki page is read without its edit links, contents box, notes, citation marks and references", async () => {
    // Found by a new user: a saved Wikipedia article named its sections "History[edit] › [edit]", and its
    // references, contents and "Main article:" notes were a third of its passages.
    const para = (n: number) => `<p>The foundation ran ${n} community projects that year, each with its own volunteers, budget and public roadmap.<sup id="cite_ref-${n}" class="reference"><a href="#cite_note-${n}">[${n}]</a></sup></p>`;
    const heading = (level: number, text: string) => `<h${level}><span class="mw-headline" id="${text}">${text}</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/edit">edit</a><span class="mw-editsection-bracket">]</span></span></h${level}>`;
    const html = `<!doctype html><html><head><title>Mozilla - Wikipedia</title></head><body><div id="content"><h1>Mozilla</h1><div id="bodyContent">
<div id="toc" class="toc"><div id="toctitle"><h2>Contents</h2></div><ul><li><span class="toctext">History</span></li></ul></div>
${heading(2, "History")}<div role="note" class="hatnote">Main article: History of Mozilla</div>
<p>On January 23, 1998, Netscape made two announcements: that Communicator will be free, and that its source code will also be free.<sup class="reference"><a href="#cite_note-1">[1]</a></sup></p>
${[2, 3, 4].map(para).join("")}
${heading(2, "References")}<div class="reflist"><ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1">^</a></span> <span class="reference-text">"Netscape announces plans". Retrieved 10 May 2016.</span></li></ol></div>
</div></div></body></html>`;
    const result = await extractHtml(Buffer.from(html));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toContain("## History\n\nOn January 23, 1998, Netscape made two announcements: that Communicator will be free, and that its source code will also be free.\n\n");
    expect(result.text).not.toMatch(/edit\]|\[\d\]|Main article|Contents|Retrieved|\^/);
  });

  test("a short section Readability cuts from an article (pandoc's <div class=\"section\">) is kept; what is marked as comments or related links is not", async () => {
    // Found by a new user: R Markdown minutes lost "DA Japan Talk", a paragraph whose links made Readability drop it.
    const para = (n: number) => `<p>The working group reviewed item ${n} of the submission and agreed that the package is ready, after some last comments from the agency reviewers, which the team will address within the month.</p>`;
    const html = `<!doctype html><html><head><title>Minutes</title></head><body><div class="container-fluid main-container">
<div id="minutes" class="section level1"><h1>Minutes for the WG</h1>
<div id="pilot-2" class="section level2"><h2>Pilot 2</h2>${[1, 2, 3, 4, 5].map(para).join("")}</div>
<div id="japan-talk" class="section level2"><h2>Japan Talk</h2><p>(<strong>31:30</strong> min into video) Tadeusz presented a Shiny application that he developed for a presentation he is going to make at the <a href="https://example.org/dia">DIA Japan conference</a> on October 9, 2022. The intention of the presentation is to gauge the interest of the Japanese authorities. The session in which Tadeusz will present is called <a href="https://example.org/ls09">LS09 Innovative and Dynamic Statistical Analytics for Regulatory Submissions</a></p></div>
<div id="comments" class="section"><p>Great minutes, thanks for sharing them with all of us in the working group and beyond, see you next week!</p></div>
</div></div></body></html>`;
    const result = await extractHtml(Buffer.from(html));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toContain("## Japan Talk\n\n(31:30 min into video) Tadeusz presented a Shiny application");
    expect(result.text).toContain("agreed that the package is ready");
    expect(result.text).not.toContain("Great minutes");
  });

  test("a page with no text is a named problem", async () => {
    expect(await extractHtml(Buffer.from("<html><body><img src=x.png><script>var a=1</script></body></html>"))).toEqual({ problem: expect.stringMatching(/no text/) });
  });

  test("a definition list keeps each term with its definition", async () => {
    // <dt>Kestrel dam</dt><dd>42 m high…</dd> was two passages: the definition lost what it defines.
    const result = await extractHtml(Buffer.from("<title>Glossary</title><dl><dt>Kestrel dam</dt><dd>A dam 42 m high, built in 1961.</dd><dt>Osprey dam</dt><dt>Old Osprey</dt><dd>A dam 17 m high.</dd><dd>Rebuilt in 1990.</dd></dl><p>End.</p>"));
    expect(result).toEqual({ text: "Kestrel dam: A dam 42 m high, built in 1961.\n\nOsprey dam, Old Osprey: A dam 17 m high. Rebuilt in 1990.\n\nEnd.", title: "Glossary" });
  });

  test("headings and terms a page's classes call headers are the article's, and a definition's paragraph stays on its term's line", async () => {
    // Found by a new user on a saved book chapter: Readability dropped `<h2 class="subheaders">` and every
    // `<dt class="subheaders">`, so "Saturation" and its definition were apart and three sections were gone.
    const prose = (topic: string) => `<p>${`The ${topic} of the service is watched by the on-call engineer at every hour of the day and night. `.repeat(4)}</p>`;
    const page = `<html><head><title>Monitoring</title></head><body><div class="content"><h1>Monitoring</h1>${prose("load")}
      <dl><dt class="subheaders" id="saturation">Saturation </dt><dd><p>How full your service is.</p><p>Watch the memory.</p></dd></dl>
      ${prose("latency")}<h2 class="subheaders jumptargets">The Long Run</h2>${prose("future")}</div></body></html>`;
    const { text } = (await extractHtml(Buffer.from(page))) as { text: string };
    expect(text).toContain("\n\nSaturation: How full your service is.\n\nWatch the memory.\n\n");
    expect(text).toContain("\n\n## The Long Run\n\n");
  });

  test("a page's subheads set as bold paragraphs are its sections when it has few headings of its own", async () => {
    // Found by a new user's trial (T40): a news article's "<p><strong>Whole Foods future</strong></p>" named no section.
    const prose = "The schooner left Seattle for the halibut grounds in the spring. ".repeat(6);
    const article = (extra: string) => `<title>Halibut</title><body><article><h1>Halibut</h1>${extra}<p>${prose}</p><p><strong>Whole Foods future</strong></p><p>${prose}</p><p><strong>Prices</strong> fell in June.</p><p><strong>A sentence in bold.</strong></p></article></body>`;
    const text = ((await extractHtml(Buffer.from(article("")))) as { text: string }).text;
    expect(text).toContain("## Whole Foods future");
    expect(text).toContain("Prices fell in June.");
    expect(text).not.toContain("## A sentence in bold.");
    // A page with headings of its own keeps its bold paragraphs as text.
    const headed = ((await extractHtml(Buffer.from(article("<h2>One</h2><p>x</p><h2>Two</h2><p>y</p><h2>Three</h2>")))) as { text: string }).text;
    expect(headed).not.toContain("## Whole Foods future");
  });

  test("a byline set as a heading is a line of text, not a section", async () => {
    // Found by a new user: a magazine's "<h6>By Joshua Sokol</h6>" would name the article's first section.
    const html = "<title>Chaos</title><h1>The Hidden Heroines of Chaos</h1><h6>By Joshua Sokol</h6><p>Two programmers played a role.</p><h2>The Birth of Chaos</h2><p>It began in 1961.</p>";
    expect(((await extractHtml(Buffer.from(html))) as { text: string }).text).toBe("By Joshua Sokol\n\nTwo programmers played a role.\n\n## The Birth of Chaos\n\nIt began in 1961.");
  });

  test("a raised footnote link leaves its word alone; bracketed marks and superscripts that are no link stay", async () => {
    // "in 2024<sup><a>1</a></sup>" read "in 20241": the year was gone.
    const html = '<title>Report</title><p>Revenue grew in 2024<sup><a href="#fn1">1</a></sup>, on 50 m<sup>2</sup> of floor.</p><p>Costs fell.<sup><a href="#fn2">[2]</a></sup></p>';
    expect(await extractHtml(Buffer.from(html))).toEqual({ text: "Revenue grew in 2024, on 50 m2 of floor.\n\nCosts fell.[2]", title: "Report" });
  });

  test("a footnote link a stylesheet raises, without <sup>, leaves the sentence after it alone; a link to a chapter stays", async () => {
    // Found by a new user: a Project Gutenberg page read "science.6 Mr. Holmes": the mark joined the next sentence.
    const html =
      '<title>Report</title><p>It was new to science.<a href="#Footnote_6_6" class="fnanchor">6</a> Mr. Holmes found it.</p>' +
      '<p>See also note<a href="#fn1" class="footnote-ref" role="doc-noteref"><sup>1</sup></a> and chapter <a href="#ch2">2</a>.</p>';
    expect(await extractHtml(Buffer.from(html))).toEqual({ text: "It was new to science. Mr. Holmes found it.\n\nSee also note and chapter 2.", title: "Report" });
  });

  test("elements a page's style sets apart do not run together; a price, a word and its own brackets stay whole", async () => {
    // A by-law's numbered subsections and definitions are spans that its stylesheet shows as blocks.
    const html = '<title>By-law</title><p><span>(3)</span><span>Notwithstanding the hours, the council may close a bath;</span><span>"council" means the Council.</span></p><p>It costs $3.<b>50</b> a day (<i>per person</i>) at the <a href="#">U.S.</a> rate.</p>';
    expect(await extractHtml(Buffer.from(html))).toEqual({
      text: '(3) Notwithstanding the hours, the council may close a bath; "council" means the Council.\n\nIt costs $3.50 a day (per person) at the U.S. rate.',
      title: "By-law",
    });
  });

  test("a page that only redirects elsewhere is named as a redirect, with where it points", async () => {
    const redirect = '<html><head><meta http-equiv="Refresh" content="0; URL=\'https://example.org/reports/2024.html?session=abc#top\'"><title>Moved</title></head><body></body></html>';
    expect(await extractHtml(Buffer.from(redirect))).toEqual({ problem: "skipped: only a redirect to https://example.org/reports/2024.html; save the page it points to instead" });
  });

  test("a page saved without <html> and <body> keeps its text, and an empty page is a named problem, not a crash", async () => {
    // linkedom builds no body around a fragment: its paragraphs were dropped, and an empty or
    // whitespace-only .html threw a TypeError that stopped the whole reindex.
    expect(await extractHtml(Buffer.from(`<!DOCTYPE html><title>Orchards</title><p>${ORCHARD}</p>`))).toEqual({ text: ORCHARD, title: "Orchards" });
    expect(await extractHtml(Buffer.from(`<head><title>Ferries</title></head><body><p>${FERRY}</p></body>`))).toEqual({ text: FERRY, title: "Ferries" });
    expect(await extractHtml(Buffer.from(RESERVOIR))).toEqual({ text: RESERVOIR, title: undefined });
    for (const empty of ["", "  \n", "\uFEFF", "<!-- nothing -->"]) {
      expect(await extractHtml(Buffer.from(empty))).toEqual({ problem: expect.stringMatching(/no text/) });
    }
  });

  test("a page in the encoding it declares is read in it; undeclared bytes that are not UTF-8 are a named problem", async () => {
    const page = (meta: string) =>
      Buffer.from(`<html><head>${meta}<title>Caf\xe9 report</title></head><body><p>The caf\xe9 in M\xfcnchen opened on 15 September.</p></body></html>`, "latin1");
    for (const meta of ['<meta charset="windows-1252">', '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">']) {
      const result = await extractHtml(page(meta));
      if ("problem" in result) throw new Error(result.problem);
      expect(result.text).toBe("The café in München opened on 15 September.");
      expect(result.title).toBe("Café report");
    }
    expect(await extractHtml(page(""))).toEqual({ problem: expect.stringMatching(/^skipped: not valid UTF-8 and no other charset declared; save it as UTF-8 or declare/) });
    const utf8 = await extractHtml(Buffer.from('<html><head><meta charset="utf-8"></head><body><p>The café in München.</p></body></html>'));
    expect(utf8).toMatchObject({ text: "The café in München." });
  });

  test("a line that starts with '#' after a <br> is text, not a heading that drops it from the index", async () => {
    // "# 5 is the conference room" became a heading: the sentence was in no passage, and it was
    // the section named for the paragraphs after it.
    const result = await extractHtml(Buffer.from("<title>Rooms</title><h1>Rooms</h1><p>Reception is on the ground floor.<br># 5 is the conference room on floor two.</p><p>Lunch is at noon.</p>"));
    if ("problem" in result) throw new Error(result.problem);
    const passages = chunkDocument({ id: "d", file: "d.html", title: "D", questions: [], text: result.text, hash: "h", format: "html" });
    expect(passages.map((p) => [p.text, p.section])).toEqual([
      ["Reception is on the ground floor.\n\\# 5 is the conference room on floor two.", "Rooms"],
      ["Lunch is at noon.", "Rooms"],
    ]);
  });

  test("<pre> keeps its lines, and soft hyphens (&shy;) do not split words", async () => {
    // A command block was joined into "npm install npm run reindex", and "Donau&shy;dampf…" was
    // indexed with invisible U+00AD inside the word, so no question could match it.
    const result = await extractHtml(Buffer.from("<title>Setup</title><p>Run:</p><pre>npm install\n# then\nnpm run reindex</pre><p>The Donau&shy;dampf&shy;schiff company ran boats.</p>"));
    expect(result).toEqual({ text: "Run:\n\nnpm install\n\\# then\nnpm run reindex\n\nThe Donaudampfschiff company ran boats.", title: "Setup" });
  });

  test("a page that is one <pre> (an IETF draft on the web) is read as a text file: its headings are sections, its page footers and heads in no passage", async () => {
    // Found by a new user: none of such a draft's 253 passages had a section, and a fifth of them were
    // "de Jong [Page 4]" and "Internet-Draft remoteStorage December 2014".
    const page = (n: number, heading: string, body: string) =>
      `${heading}\n\n   ${body}\n\nde Jong                                                         [Page ${n}]\n\nInternet-Draft remoteStorage December 2014\n\n`;
    const draft = [page(1, "Abstract", "This draft describes a protocol by which applications reach a storage server."), page(2, "1.  Introduction", "Many services for data storage are available to users today."), page(3, "2.  Terminology", "The key words are to be read as RFC 2119 describes them."), "3.  Storage model\n\n   The server stores data in nodes that form a tree.\n"].join("");
    const html = `<html><head><title>remoteStorage</title></head><body><pre>${draft}</pre></body></html>`;
    expect(await extractHtml(Buffer.from(html))).toMatchObject({ plainText: true });
    expect(await extractHtml(Buffer.from("<title>Setup</title><p>Run the installer from the folder you unpacked, then restart.</p><pre>npm install</pre>"))).not.toHaveProperty("plainText");
    const p = tempProject({ "draft.html": html });
    try {
      const [document] = (await loadCorpus(p.corpusDir)).documents;
      const passages = chunkDocument(document!);
      expect(passages.map((x) => [x.section, x.text])).toEqual([
        ["Abstract", "This draft describes a protocol by which applications reach a storage server."],
        ["1. Introduction", "Many services for data storage are available to users today."],
        ["2. Terminology", "The key words are to be read as RFC 2119 describes them."],
        ["3. Storage model", "The server stores data in nodes that form a tree."],
      ]);
    } finally {
      p.cleanup();
    }
  });

  test("a byte-order mark decides the encoding over the <meta charset>, as in browsers, and UTF-16 pages are read", async () => {
    // A page converted to UTF-8 (with a BOM) that kept its old <meta charset="windows-1252"> was
    // indexed and quoted as "CafÃ© ZÃ¼rich"; a page saved by Notepad as "Unicode" was refused.
    const body = "<html><head><meta charset=\"windows-1252\"><title>Café</title></head><body><p>The café in Zürich opened on 15 May.</p></body></html>";
    const pages = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, "utf16le")]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(body, "utf16le").swap16()]),
    ];
    for (const page of pages) expect(await extractHtml(page)).toEqual({ text: "The café in Zürich opened on 15 May.", title: "Café" });
    // Without a mark, a page cannot be UTF-16 (its <meta> was readable as ASCII): browsers read
    // <meta charset="utf-16"> as UTF-8, and reading it as UTF-16 indexed Chinese-looking garbage.
    expect(await extractHtml(Buffer.from(body.replace("windows-1252", "utf-16")))).toEqual({ text: "The café in Zürich opened on 15 May.", title: "Café" });
  });
});

describe("DOCX extraction", () => {
  test("keeps headings as sections and paragraphs as passages", async () => {
    const docx = await makeDocx([{ heading: "Agriculture" }, ORCHARD, "A second paragraph about pears."]);
    const result = await extractDocx(docx);
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe(`# Agriculture\n\n${ORCHARD}\n\nA second paragraph about pears.`);
  });

  test("a Word file without heading styles has its bold headings as sections: a bold paragraph, a bold label over its sub-items or alone in its list", async () => {
    // Found by a new user: an IP policy set its headings in bold numbered items, and no quote of it had a section.
    const bold = (text: string, extra: object = {}) => new Paragraph({ children: [new TextRun({ text, bold: true })], ...extra });
    const word = new Document({
      sections: [{
        children: [
          bold("Employee Agreement"),
          new Paragraph("This is an agreement between the Company and you."),
          bold("Definitions", { bullet: { level: 0 } }),
          new Paragraph({ children: [new TextRun({ text: "Business Information", bold: true }), new TextRun(". It means pricing methods.")], bullet: { level: 1 } }),
          new Paragraph("Paragraph between the lists."),
          bold("Notice to Company", { bullet: { level: 0 } }),
          new Paragraph("You will notify the IP Committee."),
          new Paragraph({ children: [new TextRun({ text: "Do not share passwords.", bold: true })] }),
        ],
      }],
    });
    const result = await extractDocx(await Packer.toBuffer(word));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe(
      "## Employee Agreement\n\nThis is an agreement between the Company and you.\n\n## Definitions\n\nBusiness Information. It means pricing methods.\n\n" +
        "Paragraph between the lists.\n\n## Notice to Company\n\nYou will notify the IP Committee.\n\nDo not share passwords.",
    );
  });

  test("a Word file with one styled heading beside many bold labels has its labels as sections, and its bold first line as title", async () => {
    // Found by a new user: a lease's one Heading 1, "(Basic / Beginning)", titled it and turned off its bold
    // clause headings ("RENT:", "PETS:"), so all 48 passages lay under one section.
    const bold = (text: string) => new Paragraph({ children: [new TextRun({ text, bold: true })] });
    const word = new Document({
      sections: [{
        children: [
          bold("SAMPLE RENTAL AGREEMENT"),
          new Paragraph({ text: "(Basic / Beginning)", heading: HeadingLevel.HEADING_1 }),
          bold("RENT:"),
          new Paragraph("Tenant agrees to pay $685 per month."),
          bold("PETS:"),
          new Paragraph("No animals are allowed."),
        ],
      }],
    });
    const result = await extractDocx(await Packer.toBuffer(word));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.title).toBe("SAMPLE RENTAL AGREEMENT");
    expect(result.text).toBe("## SAMPLE RENTAL AGREEMENT\n\n# (Basic / Beginning)\n\n## RENT:\n\nTenant agrees to pay $685 per month.\n\n## PETS:\n\nNo animals are allowed.");
  });

  test("a web page's table row names its columns, so that a row quoted alone says what its values are", async () => {
    // "Kestrel | 42 m | 1961" was quoted for "How high is the Kestrel dam?" without saying which number is a height.
    const table = "<table><thead><tr><th>Dam</th><th>Height</th><th>Built</th></tr></thead><tbody><tr><td>Kestrel</td><td>42 m</td><td>1961</td></tr><tr><td colspan=2>Osprey (no survey)</td><td>1990</td></tr><tr><td>Heron</td><td></td><td>2001</td></tr></tbody></table>";
    const thOnly = "<table><tr><th>Year</th><th>Output</th></tr><tr><td>2019</td><td>4.2 million</td></tr></table>";
    const noHeadings = "<table><tr><td>Kestrel</td><td>42 m</td></tr></table>";
    const result = await extractHtml(Buffer.from(`<title>Dams</title><p>Dam heights, as measured in 2024.</p>${table}${thOnly}${noHeadings}`));
    expect(result).toEqual({
      title: "Dams",
      text: [
        "Dam heights, as measured in 2024.",
        "Dam | Height | Built",
        "Dam: Kestrel | Height: 42 m | Built: 1961",
        "Dam: Osprey (no survey) | Built: 1990",
        "Dam: Heron | | Built: 2001",
        "Year | Output",
        "Year: 2019 | Output: 4.2 million",
        "Kestrel | 42 m",
      ].join("\n\n"),
    });
    // A Word table whose first row repeats as a heading on every page (mammoth writes it as <th> cells).
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
    const rows = [new TableRow({ tableHeader: true, children: [cell("Dam"), cell("Height")] }), new TableRow({ children: [cell("Kestrel"), cell("42 m")] })];
    const word = new Document({ sections: [{ children: [new Table({ rows })] }] });
    expect(await extractDocx(await Packer.toBuffer(word))).toEqual({ text: "Dam | Height\n\nDam: Kestrel | Height: 42 m" });
  });

  test("a table row whose cells a saved page indents deeply is still one line, not a passage a cell", () => {
    // Found on a new user's trial: a blog's table, each cell's <p> indented by 50 spaces or more, counted as a
    // row of over 700 characters (a layout row) and was read cell by cell: "new", "enqueued", "claimed".
    const pad = " ".repeat(250);
    const cell = (text: string) => `<td>\n${pad}<p>\n${pad}${text}\n${pad}</p>\n${pad}</td>`;
    const row = (...cells: string[]) => `<tr>${cells.map(cell).join("")}</tr>`;
    const table = `<table><tbody>${row("<b>Status</b>", "<b>Comment</b>")}${row("new", "Pick up new tasks that are ready.")}</tbody></table>`;
    const { document } = parseHTML(`<html><body><p>The states of a task:</p>${table}</body></html>`);
    expect(blocksToText(document.body as unknown as DomNode)).toBe(["The states of a task:", "Status | Comment", "Status: new | Comment: Pick up new tasks that are ready."].join("\n\n"));
  });

  test("a table's first row in bold over rows that are not names the columns, as a marked heading row does", async () => {
    const bold = "<table><tr><td><b>Dam</b></td><td><strong>Height</strong></td></tr><tr><td>Kestrel</td><td>42 m</td></tr></table>";
    const allBold = "<table><tr><td><b>Kestrel</b></td><td><b>42 m</b></td></tr><tr><td><b>Osprey</b></td><td><b>30 m</b></td></tr></table>";
    const boldData = "<table><tr><td><b>Heron</b></td><td><b>51 m</b></td></tr><tr><td>Osprey</td><td>30 m</td></tr></table>";
    const partlyBold = "<table><tr><td><b>Kestrel</b> dam</td><td>42 m</td></tr><tr><td>Osprey</td><td>30 m</td></tr></table>";
    expect(await extractHtml(Buffer.from(`<title>Dams</title>${bold}${allBold}${boldData}${partlyBold}`))).toEqual({
      title: "Dams",
      text: ["Dam | Height", "Dam: Kestrel | Height: 42 m", "Kestrel | 42 m", "Osprey | 30 m", "Heron | 51 m", "Osprey | 30 m", "Kestrel dam | 42 m", "Osprey | 30 m"].join("\n\n"),
    });
    // Word: a table whose heading row is only in bold, not marked to repeat on every page.
    const cell = (text: string, b = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: b })] })] });
    const rows = [new TableRow({ children: [cell("Dam", true), cell("Height", true)] }), new TableRow({ children: [cell("Kestrel"), cell("42 m")] })];
    const word = new Document({ sections: [{ children: [new Table({ rows })] }] });
    expect(await extractDocx(await Packer.toBuffer(word))).toEqual({ text: "Dam | Height\n\nDam: Kestrel | Height: 42 m" });
  });

  test("a Word page break inside a paragraph parts the text on either side", async () => {
    // Found on a new user's trial: "The BlogCFC logo was created by Joe Nicora.Requirements", the next chapter's
    // first line glued to the last sentence, as mammoth renders a page break as nothing.
    const word = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun("The logo was created by Joe Nicora."), new PageBreak(), new TextRun("Requirements")] }), new Paragraph("It needs ColdFusion 7.")] }] });
    expect(await extractDocx(await Packer.toBuffer(word))).toEqual({ text: "The logo was created by Joe Nicora.\n\nRequirements\n\nIt needs ColdFusion 7." });
  });

  test("a table row stays one line, its cells apart by ' | ', though Word puts a paragraph in every cell", async () => {
    // mammoth writes <td><p>Kestrel</p></td>: each cell was a paragraph of its own, so "Kestrel" and
    // "42 m" were two passages and no quote could say how high the Kestrel dam is.
    const cell = (...paragraphs: string[]) => new TableCell({ children: paragraphs.map((t) => new Paragraph(t)) });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph("Dam heights, as measured in 2024."),
            new Table({
              rows: [
                new TableRow({ children: [cell("Dam"), cell("Height")] }),
                new TableRow({ children: [cell("Kestrel"), cell("42 m")] }),
                new TableRow({ children: [cell("Osprey"), cell("17 m", "rebuilt in 1990")] }),
              ],
            }),
            new Paragraph("Both dams are on the Pripyat."),
          ],
        },
      ],
    });
    const result = await extractDocx(await Packer.toBuffer(doc));
    if ("problem" in result) throw new Error(result.problem);
    expect(result.text).toBe("Dam heights, as measured in 2024.\n\nDam | Height\n\nKestrel | 42 m\n\nOsprey | 17 m rebuilt in 1990\n\nBoth dams are on the Pripyat.");
    const html = await extractHtml(Buffer.from("<title>Dams</title><table><tr><td><p>Kestrel</p></td><td><div>42 m</div></td></tr></table>"));
    expect(html).toMatchObject({ text: "Kestrel | 42 m" });
    // A table used for layout (a Word form, an old web site) keeps its headings and paragraphs.
    const layout = new Document({
      sections: [{ children: [new Table({ rows: [new TableRow({ children: [cell("Menu"), new TableCell({ children: [new Paragraph({ text: "Trams", heading: HeadingLevel.HEADING_1 }), new Paragraph(ORCHARD), new Paragraph(FERRY)] })] })] })] }],
    });
    expect(await extractDocx(await Packer.toBuffer(layout))).toEqual({ text: `Menu\n\n# Trams\n\n${ORCHARD}\n\n${FERRY}`, title: "Trams" });
  });

  test("the Title style is the document's title and first heading; footnotes keep their text without the back-link arrow, under a Notes heading", async () => {
    // A paragraph in Word's Title style was plain text (the document was titled by its first
    // Heading 1 instead), and each footnote ended in mammoth's back-link "↑", quoted with it.
    const doc = new Document({
      footnotes: { 1: { children: [new Paragraph("Source: Ministry of Water annual report, 2019.")] } },
      sections: [
        {
          children: [
            new Paragraph({ text: "Annual water report", heading: HeadingLevel.TITLE }),
            new Paragraph({ children: [new TextRun("The Kestrel dam is 42 metres high."), new FootnoteReferenceRun(1)] }),
            new Paragraph({ text: "Rivers", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("The Pripyat floods in spring."),
          ],
        },
      ],
    });
    const p = tempProject({ "water.docx": await Packer.toBuffer(doc) });
    try {
      const [document] = (await loadCorpus(p.corpusDir)).documents;
      expect(document!.title).toBe("Annual water report");
      expect(document!.text).toBe("# Annual water report\n\nThe Kestrel dam is 42 metres high.[1]\n\n# Rivers\n\nThe Pripyat floods in spring.\n\n# Notes\n\nSource: Ministry of Water annual report, 2019.");
      // The note was cited under "Rivers", the last heading before it.
      const sections = chunkDocument(document!).map((passage) => [passage.section, passage.text]);
      expect(sections.at(-1)).toEqual(["Notes", "Source: Ministry of Water annual report, 2019."]);
      // Without headings there is no section to mix the note up with, and "Notes" would be the title.
      const plain = new Document({
        footnotes: { 1: { children: [new Paragraph("Source: Ministry of Water.")] } },
        sections: [{ children: [new Paragraph({ children: [new TextRun("The Kestrel dam is 42 metres high."), new FootnoteReferenceRun(1)] })] }],
      });
      expect(await extractDocx(await Packer.toBuffer(plain))).toEqual({ text: "The Kestrel dam is 42 metres high.[1]\n\nSource: Ministry of Water." });
      // Without the Title style: one Heading 1 over the rest is the title, though the notes' heading joins it
      // at its level; two Heading 1s name sections, not the document (the file name titles it).
      const headed = (headings: string[]) =>
        new Document({
          footnotes: { 1: { children: [new Paragraph("Source: Ministry of Water.")] } },
          sections: [{ children: headings.flatMap((h, i) => [new Paragraph({ text: h, heading: i === 0 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }), new Paragraph({ children: [new TextRun(`Text ${i}.`), new FootnoteReferenceRun(1)] })]) }],
        });
      expect((await extractDocx(await Packer.toBuffer(headed(["Water report", "Rivers"])))) as { title?: string }).toMatchObject({ title: "Water report" });
      const twoChapters = new Document({ sections: [{ children: [new Paragraph({ text: "Rivers", heading: HeadingLevel.HEADING_1 }), new Paragraph("The Pripyat floods."), new Paragraph({ text: "Lakes", heading: HeadingLevel.HEADING_1 }), new Paragraph("Lake Naroch is deep.")] }] });
      expect(((await extractDocx(await Packer.toBuffer(twoChapters))) as { title?: string }).title).toBeUndefined();
      // Found by a new user: a handbook's one Title-style paragraph two thirds in ("Drugs and alcohol
      // policy") titled the whole file; below other headings it titles its part only.
      const lateTitle = new Document({ sections: [{ children: [new Paragraph({ text: "Holidays", heading: HeadingLevel.HEADING_1 }), new Paragraph("Staff get 25 days."), new Paragraph({ text: "Drugs and alcohol policy", heading: HeadingLevel.TITLE }), new Paragraph("No alcohol at work."), new Paragraph({ text: "Pay", heading: HeadingLevel.HEADING_1 }), new Paragraph("Paid monthly.")] }] });
      const late = (await extractDocx(await Packer.toBuffer(lateTitle))) as { text: string; title?: string };
      expect(late.title).toBeUndefined();
      expect(late.text).toContain("# Drugs and alcohol policy\n\nNo alcohol at work.");
    } finally {
      p.cleanup();
    }
  });

  test("a Word file of parts each titled in the Title style nests their headings under each title; a sentence in a heading style is text; a placeholder titles nothing", async () => {
    // Found by a new user's trial (T41): a recipe collection's names were lost under "Ingredients:", the template's "[Recipe Title]"
    // titled the file, and directions typed in the Title style were quoted as "# Preheat the oven to 425F."
    const card = (name: string, step: string) => [
      new Paragraph({ text: name, heading: HeadingLevel.TITLE }),
      new Paragraph({ text: "Ingredients:", heading: HeadingLevel.HEADING_1 }),
      new Paragraph(`The ${name} needs two chicken breasts.`),
      new Paragraph({ text: "Directions:", heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: step, heading: HeadingLevel.TITLE }),
    ];
    const book = new Document({ sections: [{ children: [...card("[Recipe Title]", "Type the directions here."), ...card("Aussie Chicken", "Preheat the oven to 425F.  Spray a dish with oil."), ...card("Shepherd's Pie", "Boil the potatoes.  Drain them.")] }] });
    const result = (await extractDocx(await Packer.toBuffer(book))) as { text: string; title?: string };
    expect(result.title).toBeUndefined();
    const passages = chunkDocument({ id: "r", file: "recipes.docx", title: "Recipes", questions: [], text: result.text, hash: "h", format: "docx" });
    expect(passages.map((p) => [p.section, p.text])).toContainEqual(["Aussie Chicken › Ingredients:", "The Aussie Chicken needs two chicken breasts."]);
    expect(passages.map((p) => [p.section, p.text])).toContainEqual(["Aussie Chicken › Directions:", "Preheat the oven to 425F. Spray a dish with oil."]);
  });

  test("encrypted and damaged Word files are named problems", async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512, 1)]);
    expect(await extractDocx(ole)).toEqual({ problem: expect.stringMatching(/encrypted/) });
    expect(await extractDocx(Buffer.from("PK\u0003\u0004 broken zip"))).toEqual({ problem: expect.stringMatching(/damaged/) });
    const good = await makeDocx([ORCHARD]);
    expect(await extractDocx(good.subarray(0, good.length / 2))).toEqual({ problem: expect.stringMatching(/damaged/) });
  });
});

describe("loadCorpus with every format", () => {
  test("bad files are reported by name with the reason, the rest load", async () => {
    const p = tempProject({
      "water.pdf": await makePdf([[RESERVOIR]]),
      "locked.pdf": makeEncryptedPdf(),
      "scan.pdf": await makeImageOnlyPdf(),
      "broken.pdf": Buffer.from("%PDF-1.4\ngarbage"),
      "page.htm": makeHtml("Ferries", "Baltic shipping", [FERRY]),
      "orchards.docx": await makeDocx([ORCHARD]),
      "big.txt": "x".repeat(200_000),
    });
    try {
      const { documents, problems } = await loadCorpus(p.corpusDir, { maxDocumentBytes: 100_000 });
      expect(documents.map((d) => [d.file, d.format])).toEqual([
        ["orchards.docx", "docx"],
        ["page.htm", "html"],
        ["water.pdf", "pdf"],
      ]);
      const byFile = Object.fromEntries(problems.map((x) => [x.file, x.problem]));
      expect(Object.keys(byFile).sort()).toEqual(["big.txt", "broken.pdf", "locked.pdf", "scan.pdf"]);
      expect(byFile["big.txt"]).toMatch(/oversized.*MAX_DOCUMENT_MB/);
      expect(byFile["locked.pdf"]).toMatch(/encrypted/);
      expect(byFile["scan.pdf"]).toMatch(/image-only/);
      expect(byFile["broken.pdf"]).toMatch(/damaged/);
    } finally {
      p.cleanup();
    }
  });
});

describe("answers from PDF, HTML and DOCX files", () => {
  test("a fact found only in one file is cited from it, with the PDF page, verbatim in the stored text", async () => {
    const p = tempProject({
      "briefing.md": BRIEFING,
      "reports/water.pdf": await makePdf(
        [["Water resources of Belarus", "This report reviews rivers and lakes across the country."], ["Reservoirs", RESERVOIR]],
        "Water resources",
      ),
      "ferries.html": makeHtml("Ferries | Example News", "Baltic shipping", [FERRY, "Officials in Lithuania expect the route to grow further next year."]),
      "orchards.docx": await makeDocx([{ heading: "Agriculture" }, ORCHARD]),
    });
    const engine = await createEngine(p.config, { embedder: fakeEmbedder() });
    try {
      const summary = await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder: fakeEmbedder() });
      expect(summary.formats).toMatchObject({ pdf: { files: 1, pages: 2 }, html: { files: 1, pages: 0 }, docx: { files: 1, pages: 0 }, markdown: { files: 1 } });
      await engine.reload();
      const stored = readStoredTexts(p.dataDir);
      const cases = [
        { question: "How much water does the Kestrel reservoir near Pinsk hold?", file: "reports/water.pdf", page: 2, words: /4\.2 billion cubic metres/ },
        { question: "How many lorries did the Baltic ferry from Klaipeda to Kiel carry?", file: "ferries.html", page: null, words: /91,000 lorries/ },
        { question: "How much fruit did the Vitebsk apple orchards export to Serbia?", file: "orchards.docx", page: null, words: /12,500 tonnes/ },
      ];
      for (const c of cases) {
        const answer = await engine.ask(c.question);
        expect(answer.status, c.question).toBe("answered");
        const cited = answer.citations.find((x) => x.file === c.file);
        expect(cited, `${c.question} cites ${c.file}`).toBeDefined();
        expect(answer.citations.every((x) => x.file === c.file)).toBe(true);
        expect(cited!.quote).toMatch(c.words);
        expect(cited!.page).toBe(c.page);
        const text = [...stored.values()].find((t) => t.file === c.file)!.text;
        expect(text.slice(cited!.start, cited!.end)).toBe(cited!.quote);
        expect(toAnswerJson(answer, 1).citations[0]!.page).toBe(c.page);
        if (c.page) {
          expect(toReadableText(answer)).toContain(`(${c.file}, p. ${c.page}, characters`);
          expect(renderAnswer(answer)).toContain(`, p. ${c.page}`);
        } else {
          expect(renderAnswer(answer)).not.toMatch(/p\. \d/);
        }
      }
      // The stored texts and the BM25 index are files of the build, covered by the manifest's checksums.
      expect(Object.keys(readManifest(p.dataDir)!.files)).toEqual(expect.arrayContaining(["texts.json", "lexical.sqlite"]));
      // Markdown stays its own reference: nothing of it is stored twice.
      expect([...stored.values()].map((t) => t.file).sort()).toEqual(["ferries.html", "orchards.docx", "reports/water.pdf"]);
      expect(fs.existsSync(path.join(p.corpusDir, "briefing.md"))).toBe(true);
    } finally {
      engine.close();
      p.cleanup();
    }
  });
});

describe("metadata changes", () => {
  // Found by the red team: a PDF whose metadata title changed but whose text did not was called
  // unchanged by npm run reindex (its text's hash decided), so every citation kept the old title.
  test("a PDF whose title changed, its text not, is changed: the index and its citations take the new title", async () => {
    const pages = [["Water resources of Belarus"], ["Reservoirs", RESERVOIR]];
    const p = tempProject({ "water.pdf": await makePdf(pages, "Water report (draft)"), "briefing.md": BRIEFING });
    const embedder = fakeEmbedder();
    const engine = await createEngine(p.config, { embedder });
    try {
      const first = await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder });
      fs.writeFileSync(path.join(p.corpusDir, "water.pdf"), await makePdf(pages, "Water report 2024"));
      const second = await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder });
      expect(second).toMatchObject({ rebuilt: true, changed: ["water.pdf"], unchanged: ["briefing.md"] });
      expect(second.version).not.toBe(first.version);
      expect(readManifest(p.dataDir)!.documents.find((d) => d.file === "water.pdf")!.title).toBe("Water report 2024");
      await engine.reload();
      const answer = await engine.ask("How much water does the Kestrel reservoir near Pinsk hold?");
      const cited = answer.citations.find((c) => c.file === "water.pdf");
      expect(cited?.title).toBe("Water report 2024");
      // Nothing changed since: up to date, nothing rebuilt.
      expect(await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder })).toMatchObject({ rebuilt: false, version: second.version });
    } finally {
      engine.close();
      p.cleanup();
    }
  });
});
