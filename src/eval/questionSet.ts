import fs from "node:fs";
import { z } from "zod";
import type { Answer } from "../answer/types.ts";

const entry = z.object({
  id: z.string().optional(),
  question: z.string(),
  type: z.enum(["answerable", "unanswerable"]),
  kind: z.string().optional(),
  gold: z.array(z.string()).default([]),
});

export type QuestionEntry = z.infer<typeof entry>;

/** Reads a JSONL question set; a bad line fails with its line number and what is wrong. */
export function readQuestionSet(file: string): QuestionEntry[] {
  const out: QuestionEntry[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1} is not valid JSON; each line must be one object`);
      }
      const parsed = entry.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}:${i + 1}: ${issue.path.join(".") || "line"} ${issue.message}; expected {"question", "type": "answerable"|"unanswerable", "gold": [...]}`);
      }
      if (parsed.data.type === "answerable" && parsed.data.gold.length === 0) {
        throw new Error(`${file}:${i + 1}: an answerable question needs at least one gold text`);
      }
      out.push(parsed.data);
    });
  return out;
}

/**
 * Gold is matched as a case-insensitive substring, whitespace runs read as one space: a line break
 * inside a quote of wrapped text or a PDF is layout, not a different text.
 */
export function containsGold(text: string, gold: readonly string[]): boolean {
  const t = plain(text);
  return gold.some((g) => t.includes(plain(g)));
}

export function plain(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ");
}

/** An answerable question counts as answered when one of the quotes contains a gold text. */
export function citesGold(answer: Answer, gold: readonly string[]): boolean {
  return answer.status === "answered" && answer.citations.some((c) => containsGold(c.quote, gold));
}
