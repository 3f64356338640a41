/**
 * `npm run chat`: talk to the bot in the terminal, with the same handlers and answers as on
 * Telegram. Lines can also be piped in: `printf '/start\nWho met Saldo?\n' | npm run chat`.
 */
import { parseCommandLine, runMain } from "../src/cli.ts";
import { startLocalChat } from "../src/bot/localChat.ts";

const USAGE = "usage: npm run chat   (then type questions and commands such as /start; or pipe lines in: printf '/start\\nWho met Saldo?\\n' | npm run chat)";
const { values } = await parseCommandLine({ options: { help: { type: "boolean", short: "h" } } }, USAGE);

runMain("chat", startLocalChat);
