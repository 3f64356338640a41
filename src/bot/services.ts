import type { Engine } from "../answer/types.ts";
import type { AnswerLog, Channel } from "../logs/types.ts";
import type { History } from "./history.ts";
import type { FeedbackSigner } from "./feedbackSigning.ts";

/** What the feature composers share; built once per bot in `createBot`. */
export interface BotServices {
  engine: Engine;
  answerLog: AnswerLog;
  history: History;
  /** Signs and checks the 👍/👎 buttons' callback data. */
  feedbackSigner: FeedbackSigner;
  channel: Channel;
  maxQuestionChars: number;
  /** LOG_RETENTION_DAYS: answers older than this are purged from the log and can no longer be rated (0: kept). */
  retentionDays: number;
  /** Telegram shows "typing" for about 5 s; it is resent this often while an answer is worked on. Milliseconds. */
  typingIntervalMs: number;
  /** Example questions for /start; derived from the corpus titles unless given. */
  examples: () => string[];
  /** Already redacted: safe to print. */
  log: (line: string) => void;
  now: () => number;
}
