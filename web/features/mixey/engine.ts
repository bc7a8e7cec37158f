/**
 * @module
 * MIXEY's engine: recognise what the question is about, run the tools for those topics over the
 * signed-in user's data, and answer from templates (or, when configured, let the language model
 * phrase the same facts). A question MIXEY has no tool for gets "I don't know"; a question about
 * another account gets nothing read at all.
 */
import type { MixeyModelConfig } from "../../../shared/config/config.ts";
import type { Answer, Topic, TopicAnswer } from "./facts.ts";
import { recognise } from "./intents.ts";
import { phraseWithModel } from "./model_provider.ts";
import type { ToolContext } from "./tool_context.ts";
import { accountAnswer } from "./topics/account.ts";
import { badgesAnswer } from "./topics/badges.ts";
import { cloudAnswer } from "./topics/cloud.ts";
import { devicesAnswer } from "./topics/devices.ts";
import { statsAnswer } from "./topics/stats.ts";

const TOOLS: Record<Topic, (context: ToolContext) => Promise<TopicAnswer>> = {
  badges: badgesAnswer,
  stats: statsAnswer,
  devices: devicesAnswer,
  account: accountAnswer,
  cloud: cloudAnswer,
};

export const MAX_QUESTION_CHARS = 500;

export const UNKNOWN_ANSWER = "I don't know. I can only answer questions about your own MIXERA account: " +
  "your badges and how to earn the next one, your DJ statistics, your devices with warranty and firmware, " +
  "your account details and settings, and your MIXERA Cloud library and storage.";

export const PRIVACY_ANSWER = "I don't know, and I can't look it up: I only see your own account. " +
  "Other DJs' devices, stats and settings are theirs alone.";

/**
 * @example
 * const answer = await askMixey({ db, user, now }, "How much cloud storage do I have left?");
 * answer.facts; // [{ label: "Storage used", value: "1.2 GB of 2 GB (60 %)", href: "/cloud" }, …]
 */
export async function askMixey(
  context: ToolContext,
  question: string,
  model?: MixeyModelConfig,
): Promise<Answer> {
  const recognised = recognise(question, context.user);
  if (recognised.aboutSomeoneElse) {
    return { topic: "privacy", text: PRIVACY_ANSWER, facts: [], engine: "templates" };
  }
  if (recognised.topics.length === 0) {
    return { topic: "unknown", text: UNKNOWN_ANSWER, facts: [], engine: "templates" };
  }
  const parts = await Promise.all(recognised.topics.map((topic) => TOOLS[topic](context)));
  const answer: Answer = {
    topic: parts[0].topic,
    text: parts.map((part) => part.text).join("\n\n"),
    facts: parts.flatMap((part) => part.facts),
    engine: "templates",
  };
  if (!model) return answer;
  try {
    return {
      ...answer,
      text: await phraseWithModel(model, question, answer.facts, answer.text),
      engine: "model",
    };
  } catch (error) {
    console.warn(`MIXEY: ${(error as Error).message}; answering from templates`);
    return answer;
  }
}
