/**
 * @module
 * The MIXERA Connect page: the DJ's own profile with the opt-in switch, the MIXEY Matches list (demo
 * matches under the seed's banner while there are no real ones), and the chat pane — the seed's empty
 * state, or a thread that refreshes itself every few seconds with htmx and works as a plain form
 * without it. Messages are rendered as text, so whatever a DJ types is escaped.
 */
import type { ConnectMessage } from "../../db/schema/connect.ts";
import { CONNECT_REPORT_REASONS } from "../../db/schema/connect.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { formatTime } from "../../ui/format.ts";
import { MAX_MESSAGE_CHARS } from "./chat.ts";
import type { DemoMatch } from "./demo.ts";
import type { Match } from "./matches.ts";
import type { ConnectPerson } from "./opt_in.ts";
import { describeMostActive, type DjProfile } from "./profile.ts";
import type { Similarity } from "./similarity.ts";
import { connectStyles } from "./styles.ts";

/** Seconds between two refreshes of an open thread. */
export const THREAD_REFRESH_SECONDS = 2;

export function ProfileFacts({ profile }: { profile: DjProfile }) {
  return (
    <dl class="facts connect-profile-facts">
      <dt>Genres</dt>
      <dd>
        {profile.genres.length
          ? profile.genres.map((g) => `${g.name} ${g.percent} %`).join(", ")
          : "not tagged"}
      </dd>
      <dt>BPM range</dt>
      <dd>{profile.bpm ? `${profile.bpm.low}–${profile.bpm.high} BPM` : "unknown"}</dd>
      <dt>Harmonic mixing</dt>
      <dd>{profile.harmonicPercent === null ? "no blends yet" : `${profile.harmonicPercent} %`}</dd>
      <dt>Typical set</dt>
      <dd>
        {profile.typicalSetMinutes === null ? "unknown" : `${profile.typicalSetMinutes} minutes`}
        {profile.mostActive ? `, mostly ${describeMostActive(profile.mostActive)}` : ""}
      </dd>
      <dt>Experience</dt>
      <dd>
        {`${profile.experience.sessions} ${
          profile.experience.sessions === 1 ? "session" : "sessions"
        }, ${profile.experience.hours} hours on air`}
        {profile.experience.since ? ` since ${formatTime(profile.experience.since).slice(0, 10)}` : ""}
      </dd>
    </dl>
  );
}

function OwnProfile({ profile, optedIn }: { profile: DjProfile | null; optedIn: boolean }) {
  return (
    <section class="panel" aria-labelledby="connect-profile-title" data-testid="connect-own-profile">
      <h2 id="connect-profile-title">Your DJ Profile</h2>
      <p class="panel-intro">Profile analyzed from your DJ Stats</p>
      {profile ? <ProfileFacts profile={profile} /> : (
        <p class="empty-state">
          No DJ Stats yet. Play a set on your linked MIXERA controller and your profile appears here.
        </p>
      )}
      <form method="post" action="/connect/opt-in" class="inline-form">
        <input type="hidden" name="enabled" value={optedIn ? "off" : "on"} />
        <p>
          {optedIn
            ? "Your profile is visible to other DJs on MIXERA Connect, and they can message you."
            : "Your profile is hidden. Show it to find matches and chat with other DJs."}
        </p>
        <button type="submit" class={optedIn ? "button button-small button-quiet" : "button button-small"}>
          {optedIn ? "Hide my profile" : "Show my profile on Connect"}
        </button>
      </form>
    </section>
  );
}

function Reasons({ similarity }: { similarity: Similarity | null }) {
  if (!similarity) return null;
  if (similarity.reasons.length === 0) return <p class="muted">Different styles</p>;
  return (
    <ul class="connect-reasons">
      {similarity.reasons.map((reason) => <li key={reason}>{reason}</li>)}
    </ul>
  );
}

/** Seconds between two refreshes of the matches list (new DJs, unread counts). */
export const MATCHES_REFRESH_SECONDS = 5;

export function MatchList(
  { matches, demo, selected }: { matches: Match[]; demo: readonly DemoMatch[]; selected?: string },
) {
  const query = selected ? `?selected=${encodeURIComponent(selected)}` : "";
  return (
    <section
      class="panel"
      id="connect-matches"
      aria-labelledby="connect-matches-title"
      hx-get={`/connect/matches${query}`}
      hx-trigger={`every ${MATCHES_REFRESH_SECONDS}s`}
      hx-target="this"
      hx-swap="outerHTML"
    >
      <h2 id="connect-matches-title">MIXEY Matches</h2>
      <p class="panel-intro">DJs with similar styles and stats</p>
      <ul class="connect-matches" data-testid="connect-matches">
        {matches.map((match) => (
          <li class={match.person.mixeraId === selected ? "selected" : undefined} data-testid="connect-match">
            <a href={`/connect/chat/${match.person.mixeraId}`}>
              <strong>{match.person.displayName}</strong>
              {match.similarity ? <span class="badge">{`${match.similarity.score} % match`}</span> : null}
              {match.unread > 0
                ? (
                  <span class="badge badge-warning" data-testid="connect-unread">
                    {`${match.unread} unread`}
                  </span>
                )
                : null}
            </a>
            <Reasons similarity={match.similarity} />
          </li>
        ))}
        {demo.map((match) => (
          <li class={match.slug === selected ? "selected" : undefined} data-testid="connect-demo-match">
            <a href={`/connect/chat/${match.slug}`}>
              <strong>{match.displayName}</strong> <span class="badge badge-muted">Demo</span>
            </a>
            <p class="muted">
              {`${match.profile.genres[0].name}, ${match.profile.bpm!.low}–${match.profile.bpm!.high} BPM`}
            </p>
          </li>
        ))}
      </ul>
      {matches.length === 0 && demo.length === 0 ? <p class="empty-state">No matches yet.</p> : null}
    </section>
  );
}

function EmptyChat() {
  return (
    <section class="panel connect-chat" id="connect-chat" aria-labelledby="connect-chat-title">
      <h2 id="connect-chat-title">Select a DJ to start chatting</h2>
      <p class="panel-intro">Choose from your MIXEY matches</p>
      <div class="empty-state" data-testid="connect-welcome">
        <h3>Welcome to MIXERA Connect</h3>
        <p>
          MIXEY has found DJs with similar styles to yours! Select someone from the matches list to start a
          conversation and connect with fellow DJs.
        </p>
      </div>
    </section>
  );
}

export function Thread(
  { other, messages, me }: { other: ConnectPerson; messages: ConnectMessage[]; me: string },
) {
  return (
    <div
      id="connect-thread"
      class="connect-thread"
      hx-get={`/connect/chat/${other.mixeraId}/thread`}
      hx-trigger={`every ${THREAD_REFRESH_SECONDS}s`}
      hx-target="this"
      hx-swap="outerHTML"
      aria-live="polite"
    >
      {messages.length === 0
        ? <p class="muted">No messages yet. Say hello!</p>
        : (
          <ol class="connect-messages" data-testid="connect-thread">
            {messages.map((message) => (
              <li
                class={message.senderId === me ? "mine" : "theirs"}
                data-testid="connect-message"
              >
                <p>{message.body}</p>
                <p class="connect-time">
                  {`${message.senderId === me ? "You" : other.displayName} · ${
                    formatTime(message.createdAt)
                  }`}
                </p>
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}

export interface OpenChat {
  other: ConnectPerson;
  profile: DjProfile | null;
  similarity: Similarity | null;
  messages: ConnectMessage[];
  /** Why the reader cannot write here, if they cannot. */
  refusal?: string;
  blockedByMe: boolean;
  draft?: string;
  error?: string;
}

function ChatPane({ chat, me }: { chat: OpenChat; me: string }) {
  const base = `/connect/chat/${chat.other.mixeraId}`;
  const swap = { "hx-target": "#connect-chat", "hx-select": "#connect-chat", "hx-swap": "outerHTML" };
  return (
    <section class="panel connect-chat" id="connect-chat" aria-labelledby="connect-chat-title">
      <h2 id="connect-chat-title">{chat.other.displayName}</h2>
      <Reasons similarity={chat.similarity} />
      {chat.profile
        ? (
          <details class="connect-their-profile">
            <summary>Their DJ profile</summary>
            <ProfileFacts profile={chat.profile} />
          </details>
        )
        : null}
      <Thread other={chat.other} messages={chat.messages} me={me} />
      {chat.refusal ? <Notice kind="info">{chat.refusal}</Notice> : (
        <form
          method="post"
          action={`${base}/messages`}
          hx-post={`${base}/messages`}
          {...swap}
          class="connect-send"
        >
          <label for="connect-message">Message</label>
          <textarea
            id="connect-message"
            name="body"
            rows={2}
            maxlength={MAX_MESSAGE_CHARS}
            required
            aria-invalid={chat.error ? "true" : undefined}
            aria-describedby={chat.error ? "connect-message-error" : undefined}
          >
            {chat.error ? chat.draft : ""}
          </textarea>
          {chat.error
            ? <p class="field-error" id="connect-message-error" role="alert">{chat.error}</p>
            : null}
          <button type="submit" class="button">Send</button>
        </form>
      )}
      <div class="connect-safety">
        <form method="post" action={`${base}/${chat.blockedByMe ? "unblock" : "block"}`}>
          <button type="submit" class="button button-small button-quiet">
            {chat.blockedByMe ? "Unblock" : "Block"}
          </button>
        </form>
        <details>
          <summary>Report</summary>
          <form method="post" action={`${base}/report`} class="connect-report">
            <label for="report-reason">Reason</label>
            <select id="report-reason" name="reason">
              {CONNECT_REPORT_REASONS.map((reason) => <option key={reason} value={reason}>{reason}</option>)}
            </select>
            <label for="report-note">What happened (optional)</label>
            <textarea id="report-note" name="note" rows={2} maxlength={1000}></textarea>
            <button type="submit" class="button button-small button-danger">Report to MIXERA</button>
          </form>
        </details>
      </div>
    </section>
  );
}

function DemoChat({ match }: { match: DemoMatch }) {
  return (
    <section class="panel connect-chat" id="connect-chat" aria-labelledby="connect-chat-title">
      <h2 id="connect-chat-title">
        {match.displayName} <span class="badge badge-muted">Demo</span>
      </h2>
      <ProfileFacts profile={match.profile} />
      <Notice kind="info">This is a demo match with no account behind it: it cannot receive messages.</Notice>
    </section>
  );
}

export interface ConnectPageProps {
  me: string;
  optedIn: boolean;
  profile: DjProfile | null;
  matches: Match[];
  /** Shown (with the seed's banner) while there are no real matches. */
  demo: readonly DemoMatch[];
  chat?: OpenChat;
  demoChat?: DemoMatch;
  notice?: string;
}

export function ConnectPage(props: ConnectPageProps) {
  const selected = props.chat?.other.mixeraId ?? props.demoChat?.slug;
  return (
    <>
      <connectStyles.Link />
      <PageHeader title="MIXERA Connect" />
      {props.demo.length > 0
        ? (
          <div class="notice notice-info" role="status" data-testid="connect-demo-banner">
            <strong>Preview Mode - Demo Data</strong>
            <p>
              MIXERA Connect uses demo data. Real DJ connections will be available once the feature is fully
              launched.
            </p>
          </div>
        )
        : null}
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <div class="connect-layout">
        <div class="connect-side">
          <OwnProfile profile={props.profile} optedIn={props.optedIn} />
          <MatchList matches={props.matches} demo={props.demo} selected={selected} />
        </div>
        {props.chat
          ? <ChatPane chat={props.chat} me={props.me} />
          : props.demoChat
          ? <DemoChat match={props.demoChat} />
          : <EmptyChat />}
      </div>
    </>
  );
}
