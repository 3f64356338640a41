import type { InlineKeyboardMarkup } from "grammy/types";
import { createHmac, timingSafeEqual } from "node:crypto";

export type Rating = "up" | "down";

/**
 * 👍/👎 callback data, signed: "fb:<entry id>:<u|d>:<signature>", where the signature is an HMAC
 * over the entry id and the chat the answer was sent to. Telegram clients can send any callback
 * data on any message of the bot they can see, so unsigned data would let anyone rate any answer
 * from any chat. "fb:x:<u|d>" (no entry: the log write failed) rates nothing and needs no signature.
 */
export interface FeedbackSigner {
  data(entryId: number | null, chatId: number, rating: Rating): string;
  /** The press, or undefined when the data is malformed, forged, or from another chat. */
  verify(data: string, chatId: number): { entryId: number | null; rating: Rating } | undefined;
}

/** 16 base64url characters: 96 bits, and the data stays well under Telegram's 64 bytes. */
const SIGNATURE_CHARS = 16;

/**
 * `secret` is the bot token: stable across restarts and machines, and never sent to users. The
 * key is derived from it, so the signature reveals nothing about the token.
 */
export function createFeedbackSigner(secret: string): FeedbackSigner {
  const key = createHmac("sha256", secret).update("briefing-bot feedback buttons v1").digest();
  const sign = (entryId: number, chatId: number) => createHmac("sha256", key).update(`${entryId}:${chatId}`).digest("base64url").slice(0, SIGNATURE_CHARS);
  return {
    data(entryId, chatId, rating) {
      const r = rating === "up" ? "u" : "d";
      return entryId === null ? `fb:x:${r}` : `fb:${entryId}:${r}:${sign(entryId, chatId)}`;
    },
    verify(data, chatId) {
      const unsigned = /^fb:x:([ud])$/.exec(data);
      if (unsigned) return { entryId: null, rating: unsigned[1] === "u" ? "up" : "down" };
      const signed = /^fb:(\d{1,16}):([ud]):([A-Za-z0-9_-]{16})$/.exec(data);
      if (!signed) return undefined;
      const entryId = Number(signed[1]);
      const given = Buffer.from(signed[3]!);
      const expected = Buffer.from(sign(entryId, chatId));
      if (!timingSafeEqual(given, expected)) return undefined;
      return { entryId, rating: signed[2] === "u" ? "up" : "down" };
    },
  };
}

/**
 * The same buttons for chat `to`: 👍/👎 data signed for chat `from` re-signed, other buttons kept.
 * For an answer that follows its group to a supergroup (a new chat id).
 */
export function rebindFeedbackButtons(signer: FeedbackSigner, markup: InlineKeyboardMarkup, from: number, to: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: markup.inline_keyboard.map((row) =>
      row.map((button) => {
        if (!("callback_data" in button) || !button.callback_data.startsWith("fb:")) return button;
        const press = signer.verify(button.callback_data, from);
        return press ? { ...button, callback_data: signer.data(press.entryId, to, press.rating) } : button;
      }),
    ),
  };
}
