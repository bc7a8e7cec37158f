/**
 * @module
 * "MIXEY – GEMA Expert": answers from a curated knowledge base (`data/expert_knowledge.json`), each answer
 * with its sources. A question is matched to the topic sharing the most keywords with it; a question no
 * topic covers gets the advice to ask GEMA, never a made-up answer.
 */
import { z } from "zod";
import data from "./data/expert_knowledge.json" with { type: "json" };

const SourceSchema = z.object({ label: z.string().min(1), url: z.url() });

const TopicSchema = z.object({
  id: z.string().regex(/^[a-z_]+$/),
  question: z.string().min(1),
  keywords: z.array(z.string().min(1)).min(1),
  answer: z.string().min(1),
  sources: z.array(SourceSchema).min(1),
  /** Whether the answer depends on the case, so GEMA should be asked for a binding answer. */
  contactGema: z.boolean().default(false),
});
export type ExpertTopic = z.infer<typeof TopicSchema>;

const KnowledgeSchema = z.object({
  topics: z.array(TopicSchema).min(1),
  fallback: z.string().min(1),
  contact: SourceSchema,
});
export type ExpertKnowledge = z.infer<typeof KnowledgeSchema>;

export const GEMA_KNOWLEDGE: ExpertKnowledge = KnowledgeSchema.parse(data);

/** The four topics the seed's greeting offers, in its order. */
export const GREETING_TOPICS = ["what_is_gema", "tariff_categories", "when_licence", "how_to_register"];

export const MAX_QUESTION_LENGTH = 300;

export type ExpertAnswer =
  | { kind: "topic"; topic: ExpertTopic }
  | { kind: "unknown"; message: string };

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}²-]+/gu) ?? []);
}

export function topicById(knowledge: ExpertKnowledge, id: string): ExpertTopic | undefined {
  return knowledge.topics.find((topic) => topic.id === id);
}

/**
 * The topic sharing the most keywords with `question`; on a tie the more specific (later) topic wins.
 *
 * @example
 * ```ts
 * answerQuestion(GEMA_KNOWLEDGE, "Do I get the DEHOGA discount?"); // { kind: "topic", topic: { id: "framework_discount", … } }
 * ```
 */
export function answerQuestion(knowledge: ExpertKnowledge, question: string): ExpertAnswer {
  const asked = words(question);
  let best: ExpertTopic | undefined;
  let bestScore = 0;
  for (const topic of knowledge.topics) {
    const score = topic.keywords.filter((keyword) => asked.has(keyword)).length;
    if (score > 0 && score >= bestScore) {
      best = topic;
      bestScore = score;
    }
  }
  return best ? { kind: "topic", topic: best } : { kind: "unknown", message: knowledge.fallback };
}
