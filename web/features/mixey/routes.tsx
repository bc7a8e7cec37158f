/**
 * @module
 * MIXEY's routes (a Preview Program area): the chat page, `POST /mixey/ask` (a plain form post that
 * answers with a redirect to the conversation; htmx swaps the chat panel from it) and deleting the
 * conversation.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { parseForm } from "../../http/forms.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import { renderPage } from "../../ui/render.tsx";
import { requirePreview } from "../preview/mod.ts";
import { askMixey, MAX_QUESTION_CHARS } from "./engine.ts";
import { deleteHistory, listHistory, saveTurn } from "./history.ts";
import { mixeyStyles } from "./styles.ts";
import { MixeyPage, type MixeyPageProps } from "./views.tsx";
import "./user_data.ts";

/** Questions per user per minute: a fast typist's pace, not a script's. */
const ASK_LIMIT = { limit: 30, windowMs: 60_000 };

const QuestionSchema = z.object({
  q: z.string().trim().min(1, "Type a question for MIXEY").max(
    MAX_QUESTION_CHARS,
    `Ask in at most ${MAX_QUESTION_CHARS} characters`,
  ),
});

const NOTICES: Record<string, string> = { deleted: "Your conversation with MIXEY was deleted." };

async function showMixey(
  c: Context<SignedInEnv>,
  options: Pick<MixeyPageProps, "question" | "error"> & { status?: 200 | 413 | 422 } = {},
) {
  const { db, config } = c.var.deps;
  return renderPage(c, {
    title: "MIXEY",
    status: options.status ?? 200,
    body: (
      <MixeyPage
        history={await listHistory(db, c.var.user.id)}
        modelConfigured={config.mixeyModel !== undefined}
        question={options.question}
        error={options.error}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

const mixeyArea = guardedRoutes("/mixey", requirePreview({ area: "MIXEY" }));

mixeyArea.get("/mixey", (c) => showMixey(c));

mixeyArea.post("/mixey/ask", async (c) => {
  const { db, clock, config } = c.var.deps;
  const user = c.var.user;
  await enforceRateLimits(c, [[`mixey:ask:user:${user.id}`, ASK_LIMIT]]);
  const form = await parseForm(c, QuestionSchema);
  if (!form.ok) {
    return showMixey(c, {
      question: form.values.q,
      error: form.errors.q ?? "The question is too long.",
      status: form.tooLarge ? 413 : 422,
    });
  }
  const now = clock.now();
  const answer = await askMixey({ db, user, now }, form.data.q, config.mixeyModel);
  await saveTurn(db, user.id, form.data.q, answer, now);
  return c.redirect("/mixey#latest", 303);
});

mixeyArea.post("/mixey/history/delete", async (c) => {
  await deleteHistory(c.var.deps.db, c.var.user.id);
  return c.redirect("/mixey?notice=deleted", 303);
});

export const mixeyRoutes = new Hono<AppEnv>();
mixeyRoutes.route("/", mixeyStyles.routes);
mixeyRoutes.route("/", mixeyArea);
