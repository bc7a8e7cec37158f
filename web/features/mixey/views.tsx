/**
 * @module
 * The MIXEY page: the seed's greeting, Quick Questions, the conversation (every answer with the facts
 * it used, each linking to its page) and the question form. Everything posts as a plain form; with
 * htmx the chat panel is swapped in place.
 */
import type { HistoryEntry } from "./history.ts";
import { MAX_QUESTION_CHARS } from "./engine.ts";
import { QUICK_QUESTIONS } from "./quick_questions.ts";
import { formatTime } from "../../ui/format.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { mixeyStyles } from "./styles.ts";

const swapChat = {
  "hx-target": "#mixey-chat",
  "hx-select": "#mixey-chat",
  "hx-swap": "outerHTML",
};

function Greeting() {
  return (
    <li class="mixey-turn mixey-turn-mixey" data-testid="mixey-greeting">
      <p class="mixey-who">MIXEY</p>
      <p>Hey there! 👋 I'm MIXEY, your personal MIXERA assistant!</p>
      <p>I have access to your account information and can help you with:</p>
      <ul>
        <li>Understanding your badges and how to earn more</li>
        <li>Explaining your DJ statistics</li>
        <li>Device information and warranty status</li>
        <li>Account details and settings</li>
      </ul>
      <p>Ask me anything about your MIXERA account! 🎧</p>
      <p class="mixey-time">Just now</p>
    </li>
  );
}

function Turn({ entry }: { entry: HistoryEntry }) {
  const mine = entry.role === "user";
  return (
    <li
      class={`mixey-turn mixey-turn-${entry.role}`}
      id={`turn-${entry.id}`}
      data-testid={mine ? "mixey-question" : "mixey-answer"}
      data-topic={entry.topic}
    >
      <p class="mixey-who">{mine ? "You" : "MIXEY"}</p>
      {entry.text.split("\n\n").map((paragraph, index) => <p key={index}>{paragraph}</p>)}
      {!mine && entry.facts.length > 0
        ? (
          <details class="mixey-facts" open>
            <summary>Facts used</summary>
            <ul data-testid="mixey-facts">
              {entry.facts.map((fact) => (
                <li>
                  <a href={fact.href}>{fact.label}</a>: <span>{fact.value}</span>
                </li>
              ))}
            </ul>
          </details>
        )
        : null}
      <p class="mixey-time">
        {formatTime(entry.createdAt)}
        {!mine && entry.engine === "model" ? " · phrased by the language model" : ""}
      </p>
    </li>
  );
}

export interface MixeyPageProps {
  history: HistoryEntry[];
  modelConfigured: boolean;
  question?: string;
  error?: string;
  notice?: string;
}

function ChatPanel({ history, question, error, notice }: MixeyPageProps) {
  return (
    <section class="panel mixey-chat" id="mixey-chat" aria-labelledby="mixey-chat-title">
      <header class="mixey-chat-header">
        <h2 id="mixey-chat-title">MIXEY</h2>
        <span class="badge">Always available</span>
      </header>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ol class="mixey-log" id="mixey-log" aria-live="polite">
        <Greeting />
        {history.map((entry) => <Turn key={entry.id} entry={entry} />)}
      </ol>
      <div id="latest"></div>
      <form method="post" action="/mixey/ask#latest" hx-post="/mixey/ask" {...swapChat} class="mixey-ask">
        <label for="mixey-question">Your question</label>
        <input
          id="mixey-question"
          name="q"
          type="text"
          maxlength={MAX_QUESTION_CHARS}
          required
          value={error ? question : undefined}
          placeholder="Ask me anything about your MIXERA account"
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "mixey-question-error" : undefined}
          autocomplete="off"
        />
        {error ? <p class="field-error" id="mixey-question-error" role="alert">{error}</p> : null}
        <button type="submit" class="button">Ask MIXEY</button>
      </form>
      {history.length > 0
        ? (
          <form method="post" action="/mixey/history/delete" class="mixey-forget">
            <button type="submit" class="button button-small button-quiet">Delete conversation</button>
          </form>
        )
        : null}
    </section>
  );
}

function QuickQuestions() {
  return (
    <section class="panel mixey-quick" aria-labelledby="mixey-quick-title">
      <h2 id="mixey-quick-title">Quick Questions</h2>
      <ul>
        {QUICK_QUESTIONS.map((question) => (
          <li>
            <form method="post" action="/mixey/ask#latest" hx-post="/mixey/ask" {...swapChat}>
              <input type="hidden" name="q" value={question} />
              <button type="submit" class="button button-small button-quiet">{question}</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MixeyPage(props: MixeyPageProps) {
  return (
    <>
      <mixeyStyles.Link />
      <PageHeader
        title="MIXEY AI Assistant"
        intro="Answers about your own MIXERA account, each with the facts it used."
      />
      <p>
        <span class="badge">AI Powered</span>{" "}
        {props.modelConfigured ? null : <span class="badge badge-muted">Preview Mode - Demo Assistant</span>}
      </p>
      {props.modelConfigured ? null : (
        <Notice kind="info">
          MIXEY is currently a demo assistant. Full AI capabilities will be available when the feature
          launches.
        </Notice>
      )}
      <div class="mixey-layout">
        <QuickQuestions />
        <ChatPanel {...props} />
      </div>
    </>
  );
}
