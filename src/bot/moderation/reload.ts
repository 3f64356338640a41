import { Composer, type Context } from "grammy";
import type { Engine } from "../../answer/types.ts";
import { redact, secretsOf, type Config } from "../../config.ts";
import { admitModerator } from "./access.ts";
import { escapeHtml } from "../html.ts";

export interface ReloadDeps {
  config: Config;
  engine: Pick<Engine, "reload" | "indexVersion">;
  /** Tells the other workers to reload too (REDIS_URL); absent in a single process. */
  announce?: (indexVersion: string) => Promise<void>;
}

/** /reload: switch to an index rebuilt by `npm run reindex`; answers in flight finish on the old one. */
export function createReloadComposer<C extends Context>({ config, engine, announce }: ReloadDeps): Composer<C> {
  const composer = new Composer<C>();
  composer.command("reload", async (ctx) => {
    if (!(await admitModerator(config, ctx))) return;
    try {
      const { reloaded, indexVersion } = await engine.reload();
      // Every worker reloads, whichever one the moderator reached.
      if (reloaded && announce) await announce(indexVersion).catch(() => undefined);
      const version = `<code>${escapeHtml(indexVersion)}</code>`;
      await ctx.reply(reloaded ? `Reloaded: now answering with index ${version}.` : `No newer index; still answering with ${version}.`, {
        parse_mode: "HTML",
      });
    } catch (error) {
      const message = redact((error as Error).message ?? String(error), secretsOf(config));
      await ctx.reply(
        `Reload failed; still answering with index <code>${escapeHtml(engine.indexVersion())}</code>: ${escapeHtml(message)}`,
        { parse_mode: "HTML" },
      );
    }
  });
  return composer;
}
