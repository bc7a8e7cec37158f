/**
 * @module
 * MIXERA Connect's routes (a Preview Program area): the page with profile, matches and chat, the
 * opt-in switch, a thread (`/connect/chat/<Mixera ID>`), the thread fragment htmx polls, sending,
 * blocking, unblocking and reporting. Every route reads the thread between the signed-in DJ and the
 * one named in the path, never anyone else's. Admins read the reports at `/admin/connect`.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { parseForm } from "../../http/forms.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { CONNECT_REPORT_REASONS } from "../../db/schema/connect.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { requirePreview } from "../preview/mod.ts";
import { AdminReportsPage } from "./admin_views.tsx";
import { listReports } from "./reports.ts";
import { block, blockBetween, MAX_REPORT_NOTE_CHARS, report, unblock } from "./blocks.ts";
import {
  listThread,
  markRead,
  MAX_MESSAGE_CHARS,
  REFUSAL_MESSAGES,
  refusalFor,
  sendMessage,
} from "./chat.ts";
import { DEMO_MATCHES } from "./demo.ts";
import { findMatches } from "./matches.ts";
import { type ConnectPerson, isOptedIn, personByMixeraId, setOptIn } from "./opt_in.ts";
import { loadDjProfile } from "./profiles.ts";
import type { DjProfile } from "./profile.ts";
import { similarity } from "./similarity.ts";
import { connectStyles } from "./styles.ts";
import { ConnectPage, MatchList, type OpenChat, Thread } from "./views.tsx";
import "./user_data.ts";

/** Messages per DJ: a lively conversation, not a flood. */
const MESSAGE_LIMITS = [
  { limit: 20, windowMs: 60_000, name: "minute" },
  { limit: 500, windowMs: 24 * 60 * 60_000, name: "day" },
] as const;
const REPORT_LIMIT = { limit: 10, windowMs: 24 * 60 * 60_000 };
const ACTION_LIMIT = { limit: 60, windowMs: 60_000 };

const NOTICES: Record<string, string> = {
  "opted-in": "Your DJ profile is now visible on MIXERA Connect.",
  "opted-out": "Your DJ profile is hidden. Other DJs no longer see you or can message you.",
  blocked: "You blocked this DJ. Neither of you can message the other.",
  unblocked: "You unblocked this DJ.",
  reported: "Thank you. The MIXERA team will review your report.",
};

type PageOptions = {
  chat?: Omit<OpenChat, "profile" | "similarity" | "messages" | "refusal" | "blockedByMe"> & {
    draft?: string;
    error?: string;
  };
  demoSlug?: string;
  status?: 200 | 403 | 404 | 413 | 422;
};

async function openChat(c: Context<SignedInEnv>, other: ConnectPerson, draft?: string, error?: string) {
  const { db, clock } = c.var.deps;
  const me = c.var.user.id;
  const now = clock.now();
  const [messages, refusal, blocks, theirsVisible] = await Promise.all([
    listThread(db, me, other.id),
    refusalFor(db, me, other.id),
    blockBetween(db, me, other.id),
    isOptedIn(db, other.id),
  ]);
  await markRead(db, me, other.id, now);
  const [profile, mine] = await Promise.all([
    theirsVisible ? loadDjProfile(db, other.id, now) : Promise.resolve(null),
    loadDjProfile(db, me, now),
  ]);
  return {
    other,
    messages,
    profile,
    similarity: profile && mine ? similarity(mine, profile) : null,
    refusal: refusal ? REFUSAL_MESSAGES[refusal] : undefined,
    blockedByMe: blocks.aBlockedB,
    draft,
    error,
  } satisfies OpenChat;
}

function matchesOf(c: Context<SignedInEnv>, optedIn: boolean, profile: DjProfile | null) {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  return findMatches(db, c.var.user.id, optedIn ? profile : null, (id) => loadDjProfile(db, id, now));
}

async function showConnect(c: Context<SignedInEnv>, options: PageOptions = {}) {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const now = clock.now();
  const [optedIn, profile] = await Promise.all([isOptedIn(db, user.id), loadDjProfile(db, user.id, now)]);
  const matches = await matchesOf(c, optedIn, profile);
  const chat = options.chat
    ? await openChat(c, options.chat.other, options.chat.draft, options.chat.error)
    : undefined;
  return renderPage(c, {
    title: "MIXERA Connect",
    status: options.status ?? 200,
    body: (
      <ConnectPage
        me={user.id}
        optedIn={optedIn}
        profile={profile}
        matches={matches}
        demo={matches.length === 0 ? DEMO_MATCHES : []}
        chat={chat}
        demoChat={DEMO_MATCHES.find((match) => match.slug === options.demoSlug)}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

function noSuchDj(c: Context<SignedInEnv>) {
  return renderErrorPage(c, 404, {
    heading: "DJ not found",
    message: "There is no DJ on MIXERA Connect with this Mixera ID.",
    action: { href: "/connect", label: "Back to MIXERA Connect" },
  });
}

/**
 * The DJ named in the path, when the reader may open a thread with them: someone opted in, or
 * someone they already have messages with (so a conversation stays readable after an opt-out).
 */
async function chatPartner(c: Context<SignedInEnv>): Promise<ConnectPerson | undefined> {
  const { db } = c.var.deps;
  const other = await personByMixeraId(db, c.req.param("mixeraId") ?? "");
  if (!other || other.id === c.var.user.id) return undefined;
  if (await isOptedIn(db, other.id)) return other;
  const history = await listThread(db, c.var.user.id, other.id);
  return history.length > 0 ? other : undefined;
}

const connectArea = guardedRoutes("/connect", requirePreview({ area: "MIXERA Connect" }));

connectArea.get("/connect", (c) => showConnect(c));

connectArea.post("/connect/opt-in", async (c) => {
  await enforceRateLimits(c, [[`connect:action:user:${c.var.user.id}`, ACTION_LIMIT]]);
  const form = await parseForm(c, z.object({ enabled: z.enum(["on", "off"]) }));
  if (!form.ok) return c.text("Send enabled=on or enabled=off.", 422);
  const on = form.data.enabled === "on";
  await setOptIn(c.var.deps.db, c.var.user.id, on, c.var.deps.clock.now());
  return c.redirect(`/connect?notice=${on ? "opted-in" : "opted-out"}`, 303);
});

connectArea.get("/connect/matches", async (c) => {
  const { db, clock } = c.var.deps;
  const [optedIn, profile] = await Promise.all([
    isOptedIn(db, c.var.user.id),
    loadDjProfile(db, c.var.user.id, clock.now()),
  ]);
  const matches = await matchesOf(c, optedIn, profile);
  const selected = (c.req.query("selected") ?? "").slice(0, 20);
  return c.html(
    <MatchList matches={matches} demo={matches.length === 0 ? DEMO_MATCHES : []} selected={selected} />,
  );
});

connectArea.get("/connect/chat/:mixeraId", async (c) => {
  const slug = c.req.param("mixeraId");
  if (DEMO_MATCHES.some((match) => match.slug === slug)) return showConnect(c, { demoSlug: slug });
  const other = await chatPartner(c);
  if (!other) return noSuchDj(c);
  return showConnect(c, { chat: { other } });
});

connectArea.get("/connect/chat/:mixeraId/thread", async (c) => {
  const other = await chatPartner(c);
  if (!other) return c.text("There is no DJ on MIXERA Connect with this Mixera ID.", 404);
  const { db, clock } = c.var.deps;
  const messages = await listThread(db, c.var.user.id, other.id);
  await markRead(db, c.var.user.id, other.id, clock.now());
  return c.html(<Thread other={other} messages={messages} me={c.var.user.id} />);
});

connectArea.post("/connect/chat/:mixeraId/messages", async (c) => {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  if (DEMO_MATCHES.some((match) => match.slug === c.req.param("mixeraId"))) {
    return c.text("Demo matches cannot receive messages.", 409);
  }
  const other = await chatPartner(c);
  if (!other) return noSuchDj(c);
  await enforceRateLimits(
    c,
    MESSAGE_LIMITS.map((rule) => [`connect:message:${rule.name}:user:${user.id}`, rule] as const),
  );
  const form = await parseForm(c, z.object({ body: z.string() }));
  if (!form.ok) {
    return showConnect(c, {
      chat: { other, draft: "", error: `A message can be at most ${MAX_MESSAGE_CHARS} characters long.` },
      status: form.tooLarge ? 413 : 422,
    });
  }
  const result = await sendMessage(db, user.id, other.id, form.data.body, clock.now());
  if (!result.ok) {
    return showConnect(c, {
      chat: {
        other,
        draft: form.data.body.slice(0, MAX_MESSAGE_CHARS),
        error: REFUSAL_MESSAGES[result.refusal],
      },
      status: result.refusal === "empty" || result.refusal === "too_long" ? 422 : 403,
    });
  }
  return c.redirect(`/connect/chat/${other.mixeraId}`, 303);
});

for (const [action, notice] of [["block", "blocked"], ["unblock", "unblocked"]] as const) {
  connectArea.post(`/connect/chat/:mixeraId/${action}`, async (c) => {
    const { db, clock } = c.var.deps;
    await enforceRateLimits(c, [[`connect:action:user:${c.var.user.id}`, ACTION_LIMIT]]);
    const other = await personByMixeraId(db, c.req.param("mixeraId") ?? "");
    if (!other || other.id === c.var.user.id) return noSuchDj(c);
    if (action === "block") await block(db, c.var.user.id, other.id, clock.now());
    else await unblock(db, c.var.user.id, other.id);
    return c.redirect(`/connect/chat/${other.mixeraId}?notice=${notice}`, 303);
  });
}

connectArea.post("/connect/chat/:mixeraId/report", async (c) => {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  await enforceRateLimits(c, [[`connect:report:user:${user.id}`, REPORT_LIMIT]]);
  const other = await chatPartner(c);
  if (!other) return noSuchDj(c);
  const form = await parseForm(
    c,
    z.object({
      reason: z.enum(CONNECT_REPORT_REASONS),
      note: z.string().trim().max(MAX_REPORT_NOTE_CHARS).default(""),
    }),
  );
  if (!form.ok) {
    return c.text(
      "Choose a reason (spam, harassment, inappropriate, other) and at most 1,000 characters.",
      422,
    );
  }
  await report(db, user.id, other.id, form.data.reason, form.data.note, clock.now());
  return c.redirect(`/connect/chat/${other.mixeraId}?notice=reported`, 303);
});

const connectAdminArea = guardedRoutes("/admin/connect", requireAdmin());

connectAdminArea.get("/admin/connect", async (c) =>
  renderPage(c, {
    title: "MIXERA Connect reports",
    body: <AdminReportsPage reports={await listReports(c.var.deps.db)} />,
  }));

export const connectRoutes = new Hono<AppEnv>();
connectRoutes.route("/", connectStyles.routes);
connectRoutes.route("/", connectArea);
connectRoutes.route("/", connectAdminArea);
