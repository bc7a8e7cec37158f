/**
 * @module
 * A local stand-in for an OpenAI-compatible chat completions endpoint, for tests and development: it
 * answers `POST /v1/chat/completions` by "phrasing" the facts it was sent as one sentence, so a test
 * can tell that MIXEY's answer came through the model and was built from the tool results alone. It
 * is a stand-in, not a language model.
 *
 * Run it on its own with `deno run -A web/features/mixey/testing/model_standin.ts 9500`, then start the
 * portal with `MIXEY_LLM_URL=http://127.0.0.1:9500/v1 MIXEY_LLM_KEY=standin-key`.
 */

export interface StandinRequest {
  authorization: string | null;
  body: { model: string; messages: { role: string; content: string }[] };
}

export interface ModelStandin {
  /** Base URL to put in MIXEY_LLM_URL (`http://127.0.0.1:<port>/v1`). */
  url: string;
  requests: StandinRequest[];
  /** Answer the next requests with this status and an error body instead. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

/** The answer the stand-in gives for a user message of `{question, facts}`. */
export function standinPhrase(content: string): string {
  const { facts } = JSON.parse(content) as { facts: { label: string; value: string }[] };
  if (facts.length === 0) return "I don't know.";
  return `Stand-in model says: ${facts.map((fact) => `${fact.label} is ${fact.value}`).join("; ")}.`;
}

export function startModelStandin(options: { port?: number; key?: string } = {}): ModelStandin {
  const requests: StandinRequest[] = [];
  let failure: number | undefined;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      if (request.method !== "POST" || url.pathname !== "/v1/chat/completions") {
        return Response.json({ error: { message: "not found" } }, { status: 404 });
      }
      const authorization = request.headers.get("authorization");
      const body = await request.json();
      requests.push({ authorization, body });
      if (failure) return Response.json({ error: { message: "stand-in failure" } }, { status: failure });
      if (options.key && authorization !== `Bearer ${options.key}`) {
        return Response.json({ error: { message: "bad key" } }, { status: 401 });
      }
      const user = body.messages.find((message: { role: string }) => message.role === "user");
      return Response.json({
        id: `standin-${requests.length}`,
        object: "chat.completion",
        model: body.model,
        choices: [{
          index: 0,
          finish_reason: "stop",
          message: { role: "assistant", content: standinPhrase(user.content) },
        }],
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    failWith: (status) => {
      failure = status;
    },
    close: () => server.shutdown(),
  };
}

if (import.meta.main) {
  const standin = startModelStandin({ port: Number(Deno.args[0] ?? 9500), key: "standin-key" });
  console.log(`MIXEY model stand-in on ${standin.url} (key standin-key)`);
}
