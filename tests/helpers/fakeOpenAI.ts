import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import { vectorOf } from "./fakeEmbeddings.ts";

/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests: POST /v1/chat/completions, answered
 * from a script, non-streaming or as server-sent events when the request asks for `stream: true`.
 * Every request is recorded so tests count attempts on the server side.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or null if it was not JSON. */
  body: ChatRequestBody | null;
  receivedAt: number;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  stream?: boolean;
  [key: string]: unknown;
}

export type Reply =
  /** A chat completion whose assistant message is `content`. */
  | { content: string; model?: string; finishReason?: "stop" | "length"; delayMs?: number }
  /** An error status with an OpenAI-style error body (or `body` verbatim). */
  | { status: number; message?: string; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** Never answer: the client's timeout must end the request. */
  | { hang: true }
  /** A 200 whose body is `raw` verbatim (not JSON, or JSON that is no chat completion). */
  | { raw: string }
  /** Headers and the start of a body, then the connection is closed mid-reply. */
  | { cut: true };

export type Responder = (request: RecordedRequest, index: number) => Reply;

export interface FakeOpenAI {
  /** Base URL to give the client, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Chat completion requests only. */
  chatRequests(): RecordedRequest[];
  /** Embedding requests only; they are answered with the deterministic fake embeddings. */
  embeddingRequests(): RecordedRequest[];
  /** While true, embedding requests are received and never answered (a server that hangs). */
  holdEmbeddings(hold: boolean): void;
  /** Replies used in order; after the last, the last one repeats. */
  script(...replies: (Reply | Responder)[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let replies: (Reply | Responder)[] = [{ content: "NOT_IN_SOURCES" }];
  let chatIndex = 0;
  let holdEmbeddings = false;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: ChatRequestBody | null = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
      } catch {
        body = null;
      }
      const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, receivedAt: Date.now() };
      requests.push(recorded);
      if (req.method === "POST" && req.url?.startsWith("/v1/embeddings")) {
        if (!holdEmbeddings) respondEmbeddings(res, body as EmbeddingRequestBody | null);
        return;
      }
      if (req.method !== "POST" || !req.url?.startsWith("/v1/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error" } }));
        return;
      }
      const index = chatIndex++;
      const entry = replies[Math.min(index, replies.length - 1)]!;
      const reply = typeof entry === "function" ? entry(recorded, index) : entry;
      if ("hang" in reply) return;
      if ("raw" in reply) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(reply.raw);
        return;
      }
      if ("cut" in reply) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"id":"chatcmpl-cut","object":"chat.completion","choices":[{"index":0,"mess');
        // Flushed first, so the client has the headers and is reading the body when it ends.
        setImmediate(() => res.destroy());
        return;
      }
      const send = () => respond(res, reply, body);
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.startsWith("/v1/chat/completions")),
    embeddingRequests: () => requests.filter((r) => r.path.startsWith("/v1/embeddings")),
    holdEmbeddings(hold) {
      holdEmbeddings = hold;
    },
    script(...next) {
      replies = next;
      chatIndex = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface EmbeddingRequestBody {
  model: string;
  input: string | string[];
  encoding_format?: "float" | "base64";
}

/** OpenAI's embeddings endpoint, with the vectors of `FakeEmbeddings`, as floats or base64 as asked. */
function respondEmbeddings(res: http.ServerResponse, body: EmbeddingRequestBody | null): void {
  if (!body || body.input === undefined) {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "input is required", type: "invalid_request_error" } }));
    return;
  }
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((text, index) => {
    const vector = vectorOf(text);
    const embedding = body.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 0, total_tokens: 0 } }));
}

function respond(res: http.ServerResponse, reply: Exclude<Reply, { hang: true } | { raw: string } | { cut: true }>, body: ChatRequestBody | null): void {
  if ("status" in reply) {
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body ?? JSON.stringify({ error: { message: reply.message ?? `scripted ${reply.status}`, type: "server_error", code: null } }));
    return;
  }
  const model = reply.model ?? body?.model ?? "fake-model";
  const id = `chatcmpl-fake-${Math.random().toString(36).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  if (body?.stream) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const pieces = reply.content.match(/[\s\S]{1,12}/g) ?? [];
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }, null));
    for (const p of pieces) res.write(chunk({ content: p }, null));
    res.write(chunk({}, reply.finishReason ?? "stop"));
    res.end("data: [DONE]\n\n");
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: reply.content }, finish_reason: reply.finishReason ?? "stop", logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    }),
  );
}
