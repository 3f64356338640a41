import fs from "node:fs";
import path from "node:path";
import type { Passage } from "../corpus/types.ts";
import type { Span } from "../corpus/chunk.ts";
import { readHnsw, type HnswIndex } from "./dense.ts";
import type { EmbedderIdentity } from "./embeddings.ts";

export const INDEX_FORMAT = 1;
export const MANIFEST_FILE = "manifest.json";

export interface ManifestDocument {
  id: string;
  file: string;
  title: string;
  questions: string[];
  /** sha256 of the file's text when it was indexed. */
  hash: string;
  passages: number;
}

/** DATA_DIR/manifest.json: swapped in by a single rename, so readers see the old or the new index whole. */
export interface Manifest {
  format: number;
  /** Unique per build; names the folder holding the build and is recorded with every answer. */
  version: string;
  folder: string;
  embedder: EmbedderIdentity & { dimensions: number };
  chunkerVersion: string;
  builtAt: string;
  documents: ManifestDocument[];
  passages: number;
  sentences: number;
}

/** A sentence of a passage, by absolute offsets into its file. */
export interface SentenceRecord extends Span {
  passage: number;
}

export interface IndexData {
  passages: Passage[];
  sentences: SentenceRecord[];
  /** Unit vectors, one per passage then one per sentence, same order. */
  passageVectors: Float32Array[];
  sentenceVectors: Float32Array[];
}

export interface LoadedIndex extends IndexData {
  manifest: Manifest;
  hnsw: HnswIndex;
}

export class IndexMismatchError extends Error {
  override name = "IndexMismatchError";
}

export class MissingIndexError extends Error {
  override name = "MissingIndexError";
}

/** The manifest or the files it points to cannot be read back. */
export class DamagedIndexError extends Error {
  override name = "DamagedIndexError";
}

export function readManifest(dataDir: string): Manifest | undefined {
  const file = path.join(dataDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  } catch (cause) {
    throw new DamagedIndexError(`the index manifest ${file} is unreadable; run npm run reindex -- --force`, { cause });
  }
}

/** Why an index cannot serve this embedder, or undefined when it can. */
export function incompatibility(manifest: Manifest, embedder: EmbedderIdentity, chunkerVersion: string): string | undefined {
  const built = `${manifest.embedder.provider}:${manifest.embedder.model} (${manifest.embedder.dimensions} d)`;
  if (manifest.format !== INDEX_FORMAT) return `the index uses storage format ${manifest.format}, this program reads ${INDEX_FORMAT}`;
  if (manifest.embedder.provider !== embedder.provider || manifest.embedder.model !== embedder.model) {
    return `the index was built with ${built} but the configured embeddings are ${embedder.provider}:${embedder.model}`;
  }
  if (manifest.chunkerVersion !== chunkerVersion) return `the index was cut by chunker ${manifest.chunkerVersion}, this program uses ${chunkerVersion}`;
  return undefined;
}

export function writeIndexFiles(folder: string, data: IndexData, hnsw: HnswIndex): void {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "passages.json"), JSON.stringify({ passages: data.passages, sentences: data.sentences }));
  const dims = data.passageVectors[0]?.length ?? data.sentenceVectors[0]?.length ?? 0;
  const all = new Float32Array((data.passageVectors.length + data.sentenceVectors.length) * dims);
  [...data.passageVectors, ...data.sentenceVectors].forEach((v, i) => all.set(v, i * dims));
  fs.writeFileSync(path.join(folder, "vectors.f32"), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  hnsw.writeIndexSync(path.join(folder, "dense.hnsw"));
}

/** Loads the index the manifest points to. Throws MissingIndexError, DamagedIndexError or IndexMismatchError, each naming the fix. */
export function loadIndex(dataDir: string, embedder: EmbedderIdentity, chunkerVersion: string): LoadedIndex {
  const manifest = readManifest(dataDir);
  if (!manifest) throw new MissingIndexError(`no index in ${dataDir}; run npm run reindex`);
  const why = incompatibility(manifest, embedder, chunkerVersion);
  if (why) throw new IndexMismatchError(`${why}; run npm run reindex -- --force to rebuild the index in ${dataDir}`);
  const folder = path.join(dataDir, manifest.folder);
  try {
    const data = readIndexData(folder, manifest.embedder.dimensions);
    return { ...data, manifest, hnsw: readHnsw(path.join(folder, "dense.hnsw"), manifest.embedder.dimensions) };
  } catch (cause) {
    throw new DamagedIndexError(`the index in ${folder} is damaged or incomplete; run npm run reindex -- --force`, { cause });
  }
}

export function readIndexData(folder: string, dims: number): IndexData {
  const { passages, sentences } = JSON.parse(fs.readFileSync(path.join(folder, "passages.json"), "utf8")) as {
    passages: Passage[];
    sentences: SentenceRecord[];
  };
  const buf = fs.readFileSync(path.join(folder, "vectors.f32"));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (all.length !== (passages.length + sentences.length) * dims) throw new Error("vectors.f32 does not match passages.json");
  const row = (i: number) => all.slice(i * dims, (i + 1) * dims);
  return {
    passages,
    sentences,
    passageVectors: passages.map((_, i) => row(i)),
    sentenceVectors: sentences.map((_, i) => row(passages.length + i)),
  };
}
