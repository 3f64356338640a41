import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";

/**
 * Small real PDF, Word and web-page files for tests, made with well-kept writers (pdf-lib, docx) so
 * that the extractors read what real tools write. A page or document is a list of paragraphs.
 */
export async function makePdf(pages: string[][], title?: string, layout: { lineStep?: number; lineNumbers?: boolean } = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  // A manuscript set for review: double-spaced (lineStep 28), its lines numbered in the left margin,
  // each number drawn after its line, as LaTeX's lineno package writes them.
  const step = layout.lineStep ?? 14;
  let number = 0;
  for (const paragraphs of pages) {
    let page = pdf.addPage([595, 842]);
    let y = 800;
    for (const paragraph of paragraphs) {
      // "**Heading": a line in bold set right above its text, without a blank line.
      const heading = paragraph.startsWith("**");
      for (const line of wrap(heading ? paragraph.slice(2) : paragraph, 80)) {
        if (y < 50) {
          // Text that does not fit goes on to a new page, as a word processor would.
          page = pdf.addPage([595, 842]);
          y = 800;
        }
        page.drawText(line, { x: 50, y, size: 11, font: heading ? bold : font });
        if (layout.lineNumbers) {
          const label = String(++number);
          page.drawText(label, { x: 42 - font.widthOfTextAtSize(label, 6), y, size: 6, font });
        }
        y -= step;
      }
      if (!heading) y -= 14; // blank line between paragraphs
    }
  }
  return Buffer.from(await pdf.save());
}

/** A PDF whose page holds only a drawing: no text layer, as a scan without OCR. */
export async function makeImageOnlyPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 300, height: 200, color: rgb(0.2, 0.4, 0.6) });
  return Buffer.from(await pdf.save());
}

/**
 * A PDF protected by a user password (Standard security handler, RC4 40-bit): its /U entry does not
 * match the empty password, so a reader must ask for one. Written by hand: pdf-lib cannot encrypt.
 */
export function makeEncryptedPdf(): Buffer {
  const hex32 = (seed: number) => Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, "0")).join("");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    "<< /Length 0 >>\nstream\n\nendstream",
    `<< /Filter /Standard /V 1 /R 2 /O <${hex32(7)}> /U <${hex32(11)}> /P -44 >>`,
  ];
  return assemblePdf(objects, `/Encrypt 5 0 R /ID [<${hex32(3).slice(0, 32)}> <${hex32(3).slice(0, 32)}>]`);
}

/** A PDF file of these numbered objects (1 is the catalog), with its cross-reference table; `trailer` adds to the trailer. */
function assemblePdf(objects: readonly string[], trailer = ""): Buffer {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/**
 * A one-page PDF drawn with a raw content stream in Helvetica whose encoding maps the codes given
 * (`differences`: code → glyph name, such as 200 → "uni0627") to other glyphs: how a test draws
 * text that pdf-lib's standard fonts cannot encode (Arabic letters, ligatures), in the order it likes.
 * Written by hand like makeEncryptedPdf.
 */
export function makeRawPdf(content: string, differences: Record<number, string> = {}): Buffer {
  const diffs = Object.entries(differences).map(([code, glyph]) => `${code} /${glyph}`).join(" ");
  const font = `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [${diffs}] >> >>`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    font,
  ];
  return assemblePdf(objects);
}

export async function makeDocx(blocks: ({ heading: string } | string)[]): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: blocks.map((b) => (typeof b === "string" ? new Paragraph({ text: b }) : new Paragraph({ text: b.heading, heading: HeadingLevel.HEADING_1 }))),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A saved news page: navigation, a sidebar and a footer around the article. Text is escaped. */
export function makeHtml(title: string, heading: string, paragraphs: string[]): string {
  [title, heading, paragraphs] = [escapeHtml(title), escapeHtml(heading), paragraphs.map(escapeHtml)];
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>body{font:14px sans-serif}</style>
<script>window.analytics = "tracking code that is not text";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<main><article>
<h1>${heading}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens restaurant</a></li><li><a href="/b">Weather turns cold</a></li></ul></aside>
<footer><p>Copyright 2026 Example News. All rights reserved. Cookie settings.</p></footer>
</body></html>`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
