import { expect, test } from "vitest";
import { LocalSentenceEncoderEmbeddings, dot, normalize } from "../src/index/embeddings.ts";

test("the local model gives the same 512-d vectors in a worker thread as in this thread, and ranks by meaning", async () => {
  const texts = ["When did Lukashenko meet Saldo?", "On 15 September, Lukashenko met with Volodymyr Saldo.", "Kherson supplied grain and rice.", ""];
  const inWorker = new LocalSentenceEncoderEmbeddings();
  const inMain = new LocalSentenceEncoderEmbeddings({ thread: "main" });
  try {
    const a = await inWorker.embedDocuments(texts);
    const b = await inMain.embedDocuments(texts);
    expect(a.map((v) => v.length)).toEqual([512, 512, 512, 512]);
    for (let i = 0; i < texts.length; i++) for (let j = 0; j < 512; j++) expect(a[i]![j]).toBeCloseTo(b[i]![j]!, 5);
    const [q, meeting, grain] = a.slice(0, 3).map(normalize);
    expect(dot(q!, meeting!)).toBeGreaterThan(dot(q!, grain!));
    // Alone or in a batch, the same text gets the same vector (to float rounding).
    const alone = await inWorker.embedQuery(texts[0]!);
    alone.forEach((x, j) => expect(x).toBeCloseTo(a[0]![j]!, 5));
  } finally {
    await inWorker.close();
  }
}, 60_000);
