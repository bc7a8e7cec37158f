/**
 * @module
 * The optional language model: an OpenAI-compatible chat completions endpoint that rephrases MIXEY's
 * answer from the same facts the templates used. The model sees the question and those facts only
 * (never other rows), is told to say "I don't know" when they do not answer it, and any failure
 * (timeout, error status, oversized or malformed reply) falls back to the template answer.
 */
import { z } from "zod";
import type { MixeyModelConfig } from "../../../shared/config/config.ts";
import { readBodyAtMost } from "../../http/read_body.ts";
import type { Fact } from "./facts.ts";

const TIMEOUT_MS = 15_000;
/** Largest reply read from the endpoint; a chat completion of a few sentences is a few KB. */
const MAX_REPLY_BYTES = 256 * 1024;
/** Longest phrased answer kept. */
export const MAX_MODEL_ANSWER_CHARS = 4_000;

export const SYSTEM_PROMPT = "You are MIXEY, the assistant of the MIXERA DJ portal. Answer the user's " +
  "question about their own account in at most four sentences, using only the facts in the JSON you are " +
  'given. Never invent numbers, names or dates. If the facts do not answer the question, say "I don\'t know".';

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().min(1) }) })).min(1),
});

export class ModelProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelProviderError";
  }
}

/**
 * The model's phrasing of an answer to `question` from `facts` (and the template's own wording).
 *
 * @example
 * const text = await phraseWithModel(config.mixeyModel, "How much storage is left?", answer.facts, answer.text);
 */
export async function phraseWithModel(
  model: MixeyModelConfig,
  question: string,
  facts: readonly Fact[],
  templateText: string,
): Promise<string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (model.key) headers.authorization = `Bearer ${model.key}`;
  let response: Response;
  try {
    response = await fetch(`${model.url}/chat/completions`, {
      method: "POST",
      headers,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      body: JSON.stringify({
        model: model.model,
        temperature: 0,
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          {
            role: "user",
            content: JSON.stringify({
              question,
              facts: facts.map(({ label, value }) => ({ label, value })),
              draft: templateText,
            }),
          },
        ],
      }),
    });
  } catch (error) {
    throw new ModelProviderError(`The model endpoint could not be reached: ${(error as Error).message}`);
  }
  // The bounded reader takes a request; the reply's stream and length header are all it reads.
  const bytes = await readBodyAtMost(
    new Request(model.url, {
      method: "POST",
      headers: response.headers,
      body: response.body,
      duplex: "half",
    } as RequestInit),
    MAX_REPLY_BYTES,
  );
  if (!response.ok) throw new ModelProviderError(`The model endpoint answered ${response.status}`);
  if (!bytes) {
    throw new ModelProviderError(`The model endpoint answered with more than ${MAX_REPLY_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelProviderError("The model endpoint answered with a body that is not JSON");
  }
  const parsed = CompletionSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelProviderError("The model endpoint's answer has no choices[0].message.content");
  }
  return parsed.data.choices[0].message.content.trim().slice(0, MAX_MODEL_ANSWER_CHARS);
}
