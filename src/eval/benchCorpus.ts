import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Embeddings } from "@langchain/core/embeddings";
import { normalize } from "../index/embeddings.ts";

/**
 * Real English text for the scale benchmark, available offline: the documentation of installed
 * packages (README and Markdown files under node_modules, Debian's /usr/share/doc), cut into
 * paragraphs. Deterministic for a given machine, so its vectors can be cached between runs.
 */

export interface TextSource {
  /** Folder searched recursively. */
  dir: string;
  /** File names taken from it. */
  files: RegExp;
}

export const DOC_FILES = /(\.(md|markdown|txt)(\.gz)?$|^readme|^changelog|^news(\.gz)?$)/i;

/** Bump when paragraph cutting or ordering changes: cached pools and vectors then stop matching. */
const POOL_VERSION = "1";

/** Paragraphs of prose: 60-1,500 characters, at least eight words, mostly letters. */
export function paragraphs(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n[ \t]*\n/)) {
    const p = block.replace(/\s+/g, " ").trim();
    if (p.length < 60 || p.length > 1_500) continue;
    const letters = p.match(/\p{L}/gu)?.length ?? 0;
    if (letters / p.length < 0.6) continue; // tables, code, hashes
    if ((p.match(/\p{L}{2,}/gu)?.length ?? 0) < 8) continue;
    out.push(p);
  }
  return out;
}

/** Up to `limit` distinct paragraphs from the sources in order, files visited in sorted path order. */
export function collectParagraphs(sources: readonly TextSource[], limit: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (dir: string, files: RegExp): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return false; // unreadable or missing folders are simply not part of the pool
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (visit(p, files)) return true;
      } else if (e.isFile() && files.test(e.name)) {
        for (const para of paragraphs(readText(p))) {
          const key = para.toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(para);
          if (out.length >= limit) return true;
        }
      }
    }
    return false;
  };
  for (const s of sources) if (visit(s.dir, s.files)) break;
  return out;
}

function readText(file: string): string {
  try {
    const bytes = fs.readFileSync(file);
    return (file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
  } catch {
    return "";
  }
}

/** Fisher-Yates with a fixed-seed xorshift, so every run gets the same order. */
export function seededShuffle<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface BenchPool {
  /** Held-out query texts (the first sentence of paragraphs that are not indexed). */
  queries: string[];
  /** Indexed paragraphs; size n of the benchmark is the first n. */
  passages: string[];
  /** sha256 of the pool, names its vector cache. */
  fingerprint: string;
}

/**
 * The benchmark pool, cached in `cacheDir/pool-*.json`: collecting it reads thousands of files.
 * Queries come first in the embedding order, so a small run embeds only what it uses.
 */
export function loadPool(cacheDir: string, sources: readonly TextSource[], queryCount: number, passageCount: number): BenchPool {
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `pool-v${POOL_VERSION}-${queryCount}-${passageCount}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as BenchPool;
  const shuffled = seededShuffle(collectParagraphs(sources, queryCount + passageCount));
  const queries = shuffled.slice(0, queryCount).map(firstSentence);
  const passages = shuffled.slice(queryCount);
  const fingerprint = createHash("sha256").update(JSON.stringify([queries, passages])).digest("hex").slice(0, 16);
  const pool = { queries, passages, fingerprint };
  fs.writeFileSync(file, JSON.stringify(pool));
  return pool;
}

function firstSentence(p: string): string {
  const m = /^.{20,300}?[.!?](?=\s|$)/.exec(p);
  return m ? m[0] : p.slice(0, 300);
}

/**
 * Unit vectors of `[...queries, ...passages]` in that order, appended to `cacheDir/vectors-*.f32`
 * batch by batch, so an interrupted run keeps what it embedded and larger sizes reuse smaller ones.
 */
export class VectorCache {
  private readonly file: string;

  constructor(
    cacheDir: string,
    private readonly pool: BenchPool,
    private readonly dims: number,
  ) {
    this.file = path.join(cacheDir, `vectors-${pool.fingerprint}-${dims}.f32`);
  }

  /** How many texts of the embedding order already have vectors. */
  cached(): number {
    try {
      return Math.floor(fs.statSync(this.file).size / (this.dims * 4));
    } catch {
      return 0;
    }
  }

  /** Embeds what is missing of the first `count` texts; reports texts embedded so far. */
  async fill(count: number, embeddings: Embeddings, onProgress?: (done: number, total: number) => void, batch = 256): Promise<void> {
    const texts = [...this.pool.queries, ...this.pool.passages];
    if (count > texts.length) throw new Error(`the benchmark pool holds ${texts.length} texts, ${count} were asked for; lower the sizes`);
    // A run killed mid-write leaves part of a vector; drop it, or every later row would be shifted.
    if (fs.existsSync(this.file)) fs.truncateSync(this.file, this.cached() * this.dims * 4);
    for (let i = this.cached(); i < count; i = this.cached()) {
      const slice = texts.slice(i, Math.min(count, i + batch));
      const vectors = await embeddings.embedDocuments(slice);
      const out = new Float32Array(slice.length * this.dims);
      vectors.forEach((v, j) => {
        if (v.length !== this.dims) throw new Error(`the embedder returned ${v.length} dimensions, the cache expects ${this.dims}`);
        out.set(normalize(v), j * this.dims);
      });
      fs.appendFileSync(this.file, Buffer.from(out.buffer));
      onProgress?.(Math.min(count, i + batch), count);
    }
  }

  /** Vectors `[from, to)` of the embedding order; they must have been filled. */
  read(from: number, to: number): Float32Array[] {
    if (to > this.cached()) throw new Error(`vectors up to ${to} were asked for but ${this.cached()} are cached in ${this.file}`);
    const bytes = (to - from) * this.dims * 4;
    const buf = Buffer.alloc(bytes);
    const fd = fs.openSync(this.file, "r");
    try {
      fs.readSync(fd, buf, 0, bytes, from * this.dims * 4);
    } finally {
      fs.closeSync(fd);
    }
    const all = new Float32Array(buf.buffer, buf.byteOffset, bytes / 4);
    return Array.from({ length: to - from }, (_, i) => all.slice(i * this.dims, (i + 1) * this.dims));
  }
}
