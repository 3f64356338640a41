/**
 * `npm run chat`: talk to the bot in the terminal, with the same handlers and answers as on
 * Telegram. Lines can also be piped in: `printf '/start\nWho met Saldo?\n' | npm run chat`.
 */
import { runMain } from "../src/cli.ts";
import { startLocalChat } from "../src/bot/localChat.ts";

runMain("chat", startLocalChat);
