import { Composer, type Context } from "grammy";
import { isAddressedToBot } from "./admission.ts";
import { sendHtml } from "./ask.ts";

const NOTE = "I answer text questions about the documents. Please type your question.";

/**
 * Stickers, photos, voice, files and the like get a short note. In groups only when addressed to
 * the bot (a reply to it, or a caption that mentions it), so the bot stays quiet in ordinary group chatter.
 */
export function createMediaComposer(): Composer<Context> {
  const composer = new Composer<Context>();
  composer
    .on(["message:sticker", "message:photo", "message:voice", "message:audio", "message:video", "message:video_note", "message:document", "message:animation", "message:location", "message:contact", "message:poll"])
    .filter(
      isAddressedToBot,
      (ctx) => sendHtml(ctx, NOTE, { replyTo: ctx.msg.message_id }).then(() => undefined),
    );
  return composer;
}
