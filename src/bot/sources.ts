import { Composer, type Context } from "grammy";
import { sendHtml } from "./ask.ts";
import { escapeHtml } from "./html.ts";
import type { BotServices } from "./services.ts";

/** /sources: every document the answers can come from. */
export function createSourcesComposer(s: BotServices): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command("sources", async (ctx) => {
    const docs = s.engine.documents();
    if (docs.length === 0) {
      await sendHtml(ctx, "No documents are loaded yet.");
      return;
    }
    const lines = docs.map((d) => `• <b>${escapeHtml(d.title)}</b> (${escapeHtml(d.file)}, ${d.passages} passages)`);
    await sendHtml(ctx, `<b>${docs.length} document${docs.length === 1 ? "" : "s"}:</b>\n${lines.join("\n")}`);
  });
  return composer;
}
