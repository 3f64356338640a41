import type { DocumentInfo } from "../answer/types.ts";
import { cutText } from "./html.ts";

const MAX_TITLE_CHARS = 48;

function shortTitle(title: string): string {
  if (title.length <= MAX_TITLE_CHARS) return title;
  const cut = title.lastIndexOf(" ", MAX_TITLE_CHARS);
  return `${cutText(title, cut > 20 ? cut : MAX_TITLE_CHARS)}…`;
}

/**
 * Two or three questions a newcomer can tap: those the maintainers wrote in the documents' front
 * matter (`questions:`), else ones built from the corpus titles.
 */
export function examplesFromDocuments(documents: readonly DocumentInfo[]): string[] {
  const written = documents.flatMap((d) => d.questions ?? []).slice(0, 3);
  if (written.length >= 2) return written;
  const titles = documents.slice(0, 3).map((d) => shortTitle(d.title));
  if (titles.length === 0) return [];
  const out = titles.map((t) => `What does "${t}" report?`);
  if (out.length < 2) out.push(`What are the key figures in "${titles[0]}"?`);
  return out;
}
