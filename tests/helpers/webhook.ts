import type { FakeTelegram } from "../../src/fakes/fakeTelegram.ts";

/** The settings that run the bot in webhook mode against a fake Telegram (PORT when given). */
export function webhookEnv(fake: Pick<FakeTelegram, "token" | "apiRoot">, secret: string, port?: number): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    WEBHOOK_URL: "https://bot.example.org/hook",
    WEBHOOK_SECRET: secret,
    ...(port === undefined ? {} : { PORT: String(port) }),
  };
}
