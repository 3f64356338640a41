/**
 * A word list as a trie in typed arrays, for typo look-ups that do not scan the list: `within` walks
 * only the branches whose prefix is still within the allowed typos of the query. Built once (by
 * `npm run reindex`, stored with the index as bytes) and read back without parsing, so a new index
 * answers its first misspelt question as fast as its thousandth.
 */
export class TypoTrie {
  private constructor(
    /** Per node: its first child, its next sibling (-1 for none), its character (a UTF-16 code unit). */
    private readonly firstChild: Int32Array,
    private readonly nextSibling: Int32Array,
    private readonly chars: Uint16Array,
    /** Per node: the position in the built-from list of the word ending here, or -1. */
    private readonly wordAt: Int32Array,
    /** Length of the longest word: bounds the search's rows. */
    private readonly longest: number,
  ) {}

  /** The trie of `words`; a word listed twice keeps its first position. */
  static build(words: readonly string[]): TypoTrie {
    const order = Array.from(words.keys()).sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : a - b));
    const firstChild: number[] = [-1];
    const nextSibling: number[] = [-1];
    const chars: number[] = [0];
    const wordAt: number[] = [-1];
    const lastChild: number[] = [-1];
    // Nodes of the previous word's path, root first: sorted words share it up to their common prefix.
    const path = [0];
    let previous = "";
    let longest = 0;
    for (const position of order) {
      const word = words[position]!;
      longest = Math.max(longest, word.length);
      let shared = 0;
      while (shared < word.length && shared < previous.length && word.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
      path.length = shared + 1;
      for (let i = shared; i < word.length; i++) {
        const parent = path[i]!;
        const node = chars.length;
        firstChild.push(-1);
        nextSibling.push(-1);
        chars.push(word.charCodeAt(i));
        wordAt.push(-1);
        lastChild.push(-1);
        // Children arrive in ascending order: append after the last one.
        if (lastChild[parent] === -1) firstChild[parent] = node;
        else nextSibling[lastChild[parent]!] = node;
        lastChild[parent] = node;
        path.push(node);
      }
      const end = path[word.length]!;
      if (wordAt[end] === -1) wordAt[end] = position;
      previous = word;
    }
    return new TypoTrie(Int32Array.from(firstChild), Int32Array.from(nextSibling), Uint16Array.from(chars), Int32Array.from(wordAt), longest);
  }

  /** The trie as bytes, for `fromBytes`: a header of two counts, then the four arrays. */
  toBytes(): Buffer {
    const n = this.chars.length;
    const out = Buffer.alloc(HEADER + n * 12 + align4(n * 2));
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(n, 4);
    out.writeUInt32LE(this.longest, 8);
    let at = HEADER;
    for (const array of [this.firstChild, this.nextSibling, this.wordAt, this.chars]) {
      out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
      at += align4(array.byteLength);
    }
    return out;
  }

  /** A trie from `toBytes`, viewing `bytes` without copying them when they are aligned. Throws on bytes of another shape. */
  static fromBytes(bytes: Uint8Array): TypoTrie {
    if (bytes.byteLength < HEADER) throw new Error("the typo trie is truncated");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error("the typo trie has the wrong format");
    const n = view.getUint32(4, true);
    const longest = view.getUint32(8, true);
    if (bytes.byteLength !== HEADER + n * 12 + align4(n * 2)) throw new Error("the typo trie is truncated");
    // Typed-array views need aligned offsets; a buffer from a pool may not be.
    const source = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
    const int32 = (i: number) => new Int32Array(source.buffer, source.byteOffset + HEADER + i * n * 4, n);
    const chars = new Uint16Array(source.buffer, source.byteOffset + HEADER + 3 * n * 4, n);
    return new TypoTrie(int32(0), int32(1), chars, int32(2), longest);
  }

  /**
   * Every listed word within `max` edits of `query` (optimal string alignment distance: insertions,
   * deletions, substitutions and swaps of neighbours, over UTF-16 code units, as `editDistance`
   * counts them), with its position in the list and its distance, in no particular order.
   */
  within(query: string, max: number): { position: number; word: string; distance: number }[] {
    const m = query.length;
    const depthLimit = Math.min(this.longest, m + max);
    const width = m + 1;
    const far = max + 1;
    // Row d: distances between the path's first d characters and the query's prefixes. Only the band
    // |d - j| <= max is computed (outside it the distance exceeds max); the cells either side of the
    // band are set to `far` for the next row to read.
    const rows = new Int32Array((depthLimit + 1) * width);
    for (let j = 0; j <= m; j++) rows[j] = j <= max ? j : far;
    const path = new Uint16Array(depthLimit + 1);
    const out: { position: number; word: string; distance: number }[] = [];
    // Depth-first: (node, depth) pairs of children still to visit.
    const stack: number[] = [];
    for (let c = this.firstChild[0]!; c !== -1; c = this.nextSibling[c]!) stack.push(c, 1);
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const node = stack.pop()!;
      const ch = this.chars[node]!;
      path[depth - 1] = ch;
      const row = depth * width;
      const up = row - width;
      const lo = Math.max(1, depth - max);
      const hi = Math.min(m, depth + max);
      rows[row] = depth;
      if (lo > 1) rows[row + lo - 1] = far;
      if (hi < m) rows[row + hi + 1] = far;
      let rowMin = depth;
      for (let j = lo; j <= hi; j++) {
        const qj = query.charCodeAt(j - 1);
        let v = Math.min(rows[up + j]! + 1, rows[row + j - 1]! + 1, rows[up + j - 1]! + (qj === ch ? 0 : 1));
        if (depth > 1 && j > 1 && ch === query.charCodeAt(j - 2) && path[depth - 2] === qj) v = Math.min(v, rows[up - width + j - 2]! + 1);
        rows[row + j] = v;
        if (v < rowMin) rowMin = v;
      }
      const word = this.wordAt[node]!;
      const distance = hi === m ? rows[row + m]! : far;
      if (word !== -1 && distance <= max) out.push({ position: word, word: String.fromCharCode(...path.subarray(0, depth)), distance });
      // No longer word can come back within `max` once every prefix of the query is further (see editDistance).
      if (rowMin > max || depth >= depthLimit) continue;
      for (let c = this.firstChild[node]!; c !== -1; c = this.nextSibling[c]!) stack.push(c, depth + 1);
    }
    return out;
  }
}

/**
 * `within(query, max)` when only the closest `enough` words matter: words one edit away are looked
 * for first, and the wider (much slower) search runs only when they are fewer than `enough`.
 */
export function closestWithin(trie: TypoTrie, query: string, max: number, enough: number): { position: number; word: string; distance: number }[] {
  if (max <= 1) return trie.within(query, max);
  const near = trie.within(query, 1);
  return near.length >= enough ? near : trie.within(query, max);
}

const MAGIC = 0x31747974; // "tyt1"
const HEADER = 12;
const align4 = (n: number) => Math.ceil(n / 4) * 4;
