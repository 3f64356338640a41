import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import yaml from "js-yaml";
import { closesFence, fenceOpenedBy, underlinesLine } from "./fences.ts";
import type { Extractor } from "./formats/types.ts";
import type { DocumentFormat, SourceDocument } from "./types.ts";
import { headingText, titleAmong, withoutCatalogueName, type Heading } from "./title.ts";

const FORMAT_BY_EXTENSION: Record<string, DocumentFormat> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".pdf": "pdf",
  ".html": "html",
  ".htm": "html",
  ".docx": "docx",
};

export const SUPPORTED_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

/** Loaded on first use: pdf.js and friends take a while to import, and most commands never need them. */
const EXTRACTORS: Partial<Record<DocumentFormat, () => Promise<Extractor>>> = {
  pdf: async () => (await import("./formats/pdf.ts")).extractPdf,
  html: async () => (await import("./formats/html.ts")).extractHtml,
  docx: async () => (await import("./formats/docx.ts")).extractDocx,
};

/** Files larger than this are skipped unless the caller says otherwise (MAX_DOCUMENT_MB). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export interface LoadOptions {
  /** Larger files are reported and skipped: bytes. */
  maxDocumentBytes?: number;
  /** Called after each file is read (or skipped). */
  onFile?: (done: number, total: number) => void;
}

export interface CorpusProblem {
  file: string;
  problem: string;
}

export interface LoadedCorpus {
  documents: SourceDocument[];
  /** Files that were skipped, each with the reason; loading goes on past them. */
  problems: CorpusProblem[];
}

/** The corpus cannot serve at all: its folder is unreadable, or it holds nothing to answer from. */
export class CorpusError extends Error {
  override name = "CorpusError";
}

/** Reads every supported file under `dir` (recursively); a bad file is reported, never fatal. */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadedCorpus> {
  const documents: SourceDocument[] = [];
  const problems: CorpusProblem[] = [];
  let files: string[];
  try {
    files = await listFiles(dir, problems);
  } catch (cause) {
    throw new CorpusError(`cannot read the corpus folder ${dir}; create it or set CORPUS_DIR to the folder holding your documents (.md, .txt, .pdf, .html, .docx)`, { cause });
  }
  files.sort();
  for (const [i, abs] of files.entries()) {
    options.onFile?.(i, files.length);
    const file = corpusPath(dir, abs);
    const ext = path.extname(abs).toLowerCase();
    const format = FORMAT_BY_EXTENSION[ext];
    if (!format) {
      problems.push({ file, problem: `skipped: ${ext || "no extension"} is not a supported type (${SUPPORTED_EXTENSIONS.join(", ")})` });
      continue;
    }
    const result = await readDocument(abs, file, format, options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
    if ("problem" in result) problems.push(result);
    else documents.push(result);
  }
  options.onFile?.(files.length, files.length);
  const distinct = withoutCopies(documents, problems);
  uniqueIds(distinct);
  if (distinct.length === 0) {
    const why = problems.length ? ` (${problems.length} file(s) skipped: ${problems.map((p) => p.file).join(", ")})` : "";
    throw new CorpusError(`the corpus in ${dir} has no readable documents${why}; add .md, .txt, .pdf, .html or .docx files there, or set CORPUS_DIR`);
  }
  return { documents: distinct, problems };
}

/**
 * The files a reindex would read as documents (of a supported type), as the index names them,
 * without reading any: what start-up compares with the index to tell documents added since the build.
 */
export async function corpusFiles(dir: string): Promise<string[]> {
  const files = await listFiles(dir, []);
  return files.filter((abs) => FORMAT_BY_EXTENSION[path.extname(abs).toLowerCase()] !== undefined).map((abs) => corpusPath(dir, abs));
}

/**
 * Documents of the same text are indexed once, under the name nearest the corpus's top (then first
 * in path order): a copy, or a link to a document already in the corpus, would otherwise fill the
 * retrieved passages with the same passage several times and crowd out the others.
 */
function withoutCopies(documents: readonly SourceDocument[], problems: CorpusProblem[]): SourceDocument[] {
  const depth = (d: SourceDocument) => d.file.split("/").length;
  const kept = new Map<string, SourceDocument>(); // by text hash; `documents` are in path order
  for (const d of documents) {
    const other = kept.get(d.hash);
    if (!other || depth(d) < depth(other)) kept.set(d.hash, d);
  }
  return documents.filter((d) => {
    const indexed = kept.get(d.hash)!;
    if (indexed !== d) problems.push({ file: d.file, problem: `skipped: the same text as ${indexed.file}, which is indexed once` });
    return indexed === d;
  });
}

/** A file's path inside the corpus, with "/" on every platform: how problems and citations name it. */
function corpusPath(dir: string, abs: string): string {
  return path.relative(dir, abs).split(path.sep).join("/");
}

/**
 * Files under `dir`, hidden files and folders (`.git`) left out. Links are followed, to files and to
 * folders, since linking documents in is a common way to fill a corpus; a folder reached a second
 * time (a link loop, or two links to one folder) is read once, and a broken link is a problem.
 * Only an unreadable `dir` itself throws.
 */
async function listFiles(dir: string, problems: CorpusProblem[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>(); // real paths of the folders read
  const relative = (abs: string) => corpusPath(dir, abs);
  const walk = async (folder: string): Promise<void> => {
    const real = await fs.realpath(folder);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = (await fs.readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const abs = path.join(folder, entry.name);
      let kind: "file" | "folder" | "other" = entry.isFile() ? "file" : entry.isDirectory() ? "folder" : "other";
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(abs);
          kind = target.isFile() ? "file" : target.isDirectory() ? "folder" : "other";
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          problems.push({ file: relative(abs), problem: `skipped: a link to ${code === "ELOOP" ? "itself (a loop)" : "nothing"} (${code}); point it at a document or remove it` });
          continue;
        }
      }
      if (kind === "file") files.push(abs);
      else if (kind === "folder") {
        try {
          await walk(abs);
        } catch (error) {
          problems.push({ file: relative(abs), problem: `skipped folder: unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions` });
        }
      } else {
        // Never read: reading a named pipe waits for a writer, which would hang the reindex.
        problems.push({ file: relative(abs), problem: "skipped: not a regular file (a named pipe, socket or device); copy the document in as a file" });
      }
    }
  };
  await walk(dir);
  return files;
}

async function readDocument(abs: string, file: string, format: DocumentFormat, maxBytes: number): Promise<SourceDocument | CorpusProblem> {
  let bytes: Buffer;
  try {
    const { size } = await fs.stat(abs);
    if (size > maxBytes) return { file, problem: `skipped: oversized, ${megabytes(size)} is over the ${megabytes(maxBytes)} limit; split the file or raise MAX_DOCUMENT_MB` };
    // Said before any format reads it: a 0-byte .pdf or .docx is not "damaged", just never written.
    if (size === 0) return { file, problem: "skipped: empty file (0 bytes); copy the document in again" };
    bytes = await fs.readFile(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      // Node reads a name that is not UTF-8 with U+FFFD in it, a name no file has.
      return file.includes("\uFFFD")
        ? { file, problem: "skipped: its name is not valid UTF-8 (shown with �); rename the file" }
        : { file, problem: "skipped: gone before it could be read (removed or renamed while the reindex ran)" };
    }
    return { file, problem: `unreadable: ${code ?? String(error)}` };
  }
  const extractor = EXTRACTORS[format];
  if ((format === "pdf" || format === "docx") && looksLikeHtml(bytes)) {
    return { file, problem: `skipped: a web page (HTML), not a ${format === "pdf" ? "PDF" : "Word file"}: a download that failed, or a login page; download the document again` };
  }
  const fileHash = createHash("sha256").update(bytes).digest("hex");
  if (extractor) {
    const document = extractedDocument(await (await extractor())(bytes), file, format);
    return "problem" in document ? document : { ...document, fileHash };
  }
  // Windows' "Unicode" (UTF-16) text has a NUL in every Latin letter: not binary, just not UTF-8.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { file, problem: "skipped: UTF-16 text; save it as UTF-8" };
  }
  if (bytes.includes(0)) return { file, problem: "skipped: looks binary (contains NUL bytes)" };
  const decoded = decodedText(bytes);
  if (!decoded) return { file, problem: "skipped: not valid UTF-8 text, nor mostly English letters in Windows-1252 (Latin-1); save it as UTF-8" };
  const { text, notice } = decoded;
  const { title: frontTitle, questions, bodyStart } = readFrontMatter(text);
  if (text.slice(bodyStart).trim() === "") return { file, problem: "skipped: empty document" };
  const title = frontTitle ?? withoutCatalogueName(titleAmong(headingsOf(text.slice(bodyStart))) ?? titleLine(text) ?? titleFromFileName(file));
  return {
    id: documentId(file),
    file,
    title,
    questions,
    text,
    // Decoded exactly (fatal UTF-8, byte-order mark kept), the text is the file's bytes: one hash serves both (not so when read as Windows-1252).
    hash: notice ? createHash("sha256").update(text).digest("hex") : fileHash,
    fileHash,
    format,
    ...(notice ? { notice } : {}),
  };
}

/**
 * At most this share of a file's bytes above ASCII for it to be read as Windows-1252: a Latin-1 text
 * (Project Gutenberg's "-8.txt" books) has an accent here and there; a file in another 8-bit or
 * multi-byte encoding (Greek, Shift-JIS) is mostly such bytes, and read as Windows-1252 it would be nonsense.
 */
const MAX_LATIN1_SHARE = 0.1;

/**
 * Windows-1252's letters and marks at 0x80–0x9F, where Latin-1 has control characters: the dashes,
 * curly quotes and "€" of a text saved on Windows. Written out because Node 20's TextDecoder reads
 * "windows-1252" as Latin-1 ("—" came out as U+0097). The five bytes Windows-1252 leaves unassigned stay as they are.
 */
const WINDOWS_1252_C1 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * A text file's text: UTF-8, exactly (a byte-order mark kept, so offsets count it as the file does);
 * else, when its bytes are mostly ASCII, Windows-1252 (which reads Latin-1's letters the same), with
 * a note for the maintainer. Undefined when it is neither.
 */
function decodedText(bytes: Buffer): { text: string; notice?: string } | undefined {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const high = bytes.reduce((n, b) => n + (b >= 0x80 ? 1 : 0), 0);
    if (high > bytes.length * MAX_LATIN1_SHARE) return undefined;
    const text = bytes.toString("latin1").replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] || c);
    return { text, notice: "not UTF-8: read as Windows-1252 (Latin-1); if its accented letters look wrong in quotes, save it as UTF-8" };
  }
}

/** Lines a text's catalogue entry is looked for in ("Title: …" near the top of a Project Gutenberg book). */
const TITLE_LINE_SPAN = 40;

/** "Title: The Importance of Being Earnest", a line of its own near the top: how catalogued texts name themselves. */
function titleLine(text: string): string | undefined {
  const top = text.split("\n", TITLE_LINE_SPAN).join("\n");
  const title = /^[ \t]*Title:[ \t]*(\S[^\n]{0,200}?)\s*$/m.exec(top)?.[1];
  return title ? headingText(title) : undefined;
}

/** A file that starts like a web page: what a download behind a login or a dead link saves. */
function looksLikeHtml(bytes: Buffer): boolean {
  return /^(?:\uFEFF)?\s*<(?:!doctype\s+html|html|head|body)[\s>]/i.test(bytes.subarray(0, 256).toString("utf8"));
}

function extractedDocument(result: Awaited<ReturnType<Extractor>>, file: string, format: DocumentFormat): SourceDocument | CorpusProblem {
  if ("problem" in result) return { file, problem: result.problem };
  return {
    id: documentId(file),
    file,
    // A PDF's text has no Markdown marks: a table cell "# of Faculty" is no heading, and no title.
    title: withoutCatalogueName(result.title ?? (format === "pdf" ? undefined : titleAmong(headingsOf(result.text))) ?? titleFromFileName(file)),
    questions: [],
    text: result.text,
    hash: createHash("sha256").update(result.text).digest("hex"),
    format,
    ...(result.pageStarts ? { pageStarts: result.pageStarts } : {}),
    ...(result.notice ? { notice: result.notice } : {}),
    ...(result.plainText ? { plainText: true } : {}),
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
/** Hugo's TOML front matter, between `+++` lines. */
const TOML_FRONT_MATTER = /^\uFEFF?\+\+\+[ \t]*\r?\n([\s\S]*?)\r?\n\+\+\+[ \t]*(?:\r?\n|$)/;

/** `title = "…"` (or '…') of TOML front matter; nothing else of it is used, so no TOML parser. */
function tomlTitle(block: string): string | undefined {
  const m = /^title[ \t]*=[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')/m.exec(block);
  let title = m?.[2];
  try {
    if (m?.[1] !== undefined) title = JSON.parse(`"${m[1]}"`) as string; // TOML's basic-string escapes are JSON's
  } catch {
    title = m?.[1];
  }
  return title?.trim() || undefined;
}

/**
 * Front matter is optional: `title` wins over headings, `questions` lists examples for newcomers.
 * `bodyStart` is where the text proper begins. YAML (`---`) or, for Hugo sites, TOML (`+++`, title only).
 */
export function readFrontMatter(text: string): { title?: string; questions: string[]; bodyStart: number } {
  const toml = TOML_FRONT_MATTER.exec(text);
  if (toml) return { title: tomlTitle(toml[1] ?? ""), questions: [], bodyStart: toml[0].length };
  const match = FRONT_MATTER.exec(text);
  if (!match) return { questions: [], bodyStart: 0 };
  let title: string | undefined;
  let questions: string[] = [];
  try {
    const data = yaml.load(match[1] ?? "") as { title?: unknown; questions?: unknown } | null;
    if (typeof data?.title === "string" && data.title.trim()) title = data.title.trim();
    if (Array.isArray(data?.questions)) questions = data.questions.filter((q): q is string => typeof q === "string" && q.trim() !== "").map((q) => q.trim());
  } catch {
    // Malformed front matter: fall back to the heading or file name rather than losing the document.
  }
  return { title, questions, bodyStart: match[0].length };
}

/** A line of one punctuation mark repeated, as reStructuredText over- and underlines titles with. */
const ADORNMENT = /^([=\-~`#*+^"'.:_])\1{2,}[ \t]*$/;

/**
 * The `#` headings and lines underlined with `===` (level 1) or `---` (level 2), outside code fences
 * (a `# comment` in a shell block is no heading) and HTML comments; a title over- and underlined
 * alike is level 0.
 */
function* headingsOf(body: string): Generator<Heading> {
  let fence: string | undefined;
  let comment = false;
  let previous = "";
  let paragraphGoesOn = false; // `previous` is not the first line of its paragraph
  let overline = ""; // the adornment line above `previous`, when there is one
  for (const raw of body.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (comment || /^ {0,3}<!--/.test(line)) {
      comment = !line.slice(comment ? 0 : line.indexOf("<!--") + 4).includes("-->");
      previous = "";
      continue;
    }
    fence = underlinesLine(previous, line) ? undefined : fenceOpenedBy(line);
    if (fence) continue;
    // reStructuredText's document title, over- and underlined alike ("=====" / " Policies" / "====="):
    // above every heading underlined only.
    if (overline !== "" && line === overline && ADORNMENT.test(line) && previous.trim() !== "" && previous.trim().length <= line.trim().length) yield { text: previous.trim(), level: 0 };
    overline = ADORNMENT.test(previous) && line.trim() !== "" && !ADORNMENT.test(line) ? previous : "";
    const m = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (m?.[2]?.trim()) yield { text: headingText(m[2]), level: m[1]!.length };
    // As the chunker reads it: a short line alone above the underline.
    const underlined = previous.trim() !== "" && previous.trim().length <= 100 && !paragraphGoesOn;
    const underline = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
    if (underline && underlined && !/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(previous)) yield { text: headingText(previous), level: underline[1]!.startsWith("=") ? 1 : 2 };
    paragraphGoesOn = previous.trim() !== "" && line.trim() !== "";
    previous = line;
  }
}

function titleFromFileName(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/[-_]+/g, " ").trim();
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/**
 * Stable id derived from the relative path only: the path without its extension, lower-cased, with
 * runs of other characters turned into "-". `a.md` and `a.txt` would share an id; `uniqueIds` then
 * keeps the extension for both.
 */
export function documentId(file: string, withExtension = false): string {
  const base = withExtension ? file : file.slice(0, file.length - path.extname(file).length);
  return base.toLowerCase().replace(/[^\p{L}\p{N}/]+/gu, "-").replace(/(^|\/)-+|-+($|\/)/g, "$1$2") || "document";
}

/** Gives colliding ids their extension, then a counter if they still collide. */
function uniqueIds(documents: SourceDocument[]): void {
  const count = new Map<string, number>();
  for (const d of documents) count.set(d.id, (count.get(d.id) ?? 0) + 1);
  const taken = new Set<string>();
  for (const d of documents) {
    let id = (count.get(d.id) ?? 0) > 1 ? documentId(d.file, true) : d.id;
    for (let n = 2; taken.has(id); n++) id = `${documentId(d.file, true)}-${n}`;
    taken.add(id);
    d.id = id;
  }
}
