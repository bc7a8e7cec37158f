/**
 * @module
 * What MIXEY's answers are built from: facts read from the user's own data, each naming the page it
 * came from, and the answer that cites them.
 */

/** One thing MIXEY knows about the user's account, and the page that shows it. */
export interface Fact {
  label: string;
  value: string;
  /** A portal path (`/devices/abc`), where the user can check the fact. */
  href: string;
}

/** The topics MIXEY can answer; `unknown` and `privacy` are answers without facts. */
export const TOPICS = ["badges", "stats", "devices", "account", "cloud"] as const;
export type Topic = typeof TOPICS[number];

/** What a topic's tool found: the facts and the sentence(s) the template makes of them. */
export interface TopicAnswer {
  topic: Topic;
  text: string;
  facts: Fact[];
}

/** MIXEY's full reply to one question. */
export interface Answer {
  topic: Topic | "unknown" | "privacy";
  text: string;
  facts: Fact[];
  engine: "templates" | "model";
}

/**
 * `1 device`, `2 devices`.
 *
 * @example
 * plural(2, "device"); // "2 devices"
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
