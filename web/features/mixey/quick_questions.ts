/** @module The Quick Questions under MIXEY's greeting: one per thing the greeting says MIXEY helps with. */

export const QUICK_QUESTIONS: readonly string[] = [
  "Which badges do I have and how do I earn the next one?",
  "Explain my DJ statistics",
  "Which devices do I have, and are they under warranty?",
  "What are my account details and settings?",
  "How much cloud storage do I have left?",
];
