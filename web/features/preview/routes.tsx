/** @module Routes of the Preview Program: the application page and the admin review queue. */
import { type Context, Hono } from "hono";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { requireAdmin, requireUser } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { clientIp } from "../../http/client_ip.ts";
import { tooManyRequests } from "../../http/too_many_requests.ts";
import { consumeRateLimit } from "../../security/rate_limit.ts";
import { renderPage } from "../../ui/render.tsx";
import {
  applyToPreview,
  decideApplication,
  findApplication,
  listPendingApplications,
  reapplyAllowedAt,
} from "./service.ts";
import { PreviewProgramPage, PreviewQueuePage } from "./views.tsx";
import "./user_data.ts";

const APPLY_LIMIT = { limit: 10, windowMs: 60 * 60 * 1000 };

const linkSchema = z.url({ protocol: /^https?$/, error: "Links must start with https:// or http://" })
  .max(200, { error: "A link can be at most 200 characters." });

const applySchema = z.object({
  motivation: z.string().trim().min(10, { error: "Tell us in a sentence or two (10 characters or more)." })
    .max(1000, { error: "Keep it under 1000 characters." }),
  gear: z.string().trim().min(2, { error: "Name the MIXERA gear you use." })
    .max(200, { error: "Keep it under 200 characters." }),
  links: z.string().max(1200).default("").transform((text) =>
    text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean)
  ).pipe(z.array(linkSchema).max(5, { error: "At most 5 links." })),
});

const NOTICES: Record<string, string> = {
  applied: "Thanks! Your application was sent.",
  accepted: "The application was accepted and the applicant emailed.",
  rejected: "The application was rejected and the applicant emailed.",
};

async function showProgram(
  c: Context<SignedInEnv>,
  options: {
    values?: Record<string, string>;
    errors?: Record<string, string>;
    status?: 200 | 409 | 413 | 422;
  } = {},
) {
  const user = c.var.user;
  const application = await findApplication(c.var.deps.db, user.id);
  return renderPage(c, {
    title: "Preview Program",
    status: options.status ?? 200,
    body: (
      <PreviewProgramPage
        user={user}
        application={application}
        reapplyAt={reapplyAllowedAt(application, c.var.deps.clock.now())}
        values={options.values}
        errors={options.errors}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

const programRoutes = guardedRoutes("/preview-program", requireUser());
const reviewQueueRoutes = guardedRoutes("/admin/preview", requireAdmin());

programRoutes.get("/preview-program", (c) => showProgram(c));

programRoutes.post("/preview-program/apply", async (c) => {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const limit = await consumeRateLimit(db, `preview:apply:user:${user.id}`, APPLY_LIMIT, clock.now());
  if (!limit.allowed) return tooManyRequests(c, limit.retryAfterSec);
  const form = await parseForm(c, applySchema);
  if (!form.ok) {
    return showProgram(c, { values: form.values, errors: form.errors, status: form.tooLarge ? 413 : 422 });
  }
  const result = await applyToPreview(db, user.id, form.data, clock.now());
  if (!result.ok) {
    const message = result.reason === "cool_down"
      ? `You can apply again from ${result.until!.toISOString().slice(0, 10)}.`
      : "You have already applied.";
    return showProgram(c, { values: form.values, errors: { _form: message }, status: 409 });
  }
  return c.redirect("/preview-program?notice=applied", 303);
});

async function showQueue(c: Context<SignedInEnv>, status: 200 | 404 | 422 = 200) {
  return renderPage(c, {
    title: "Preview Program applications",
    status,
    body: (
      <PreviewQueuePage
        pending={await listPendingApplications(c.var.deps.db)}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

reviewQueueRoutes.get("/admin/preview", (c) => showQueue(c));

const rejectSchema = z.object({
  reason: z.string().trim().min(1, { error: "Give the applicant a reason." }).max(500),
});

for (const decision of ["accept", "reject"] as const) {
  reviewQueueRoutes.post(`/admin/preview/:userId/${decision}`, async (c) => {
    const { db, mailer, clock } = c.var.deps;
    const ipLimit = await consumeRateLimit(db, `preview:decide:ip:${clientIp(c)}`, {
      limit: 600,
      windowMs: 60_000,
    }, clock.now());
    if (!ipLimit.allowed) return tooManyRequests(c, ipLimit.retryAfterSec);
    let reason = "";
    if (decision === "reject") {
      const form = await parseForm(c, rejectSchema);
      if (!form.ok) return showQueue(c, 422);
      reason = form.data.reason;
    }
    const decided = await decideApplication({ db, mailer }, {
      userId: c.req.param("userId").slice(0, 100),
      adminId: c.var.user.id,
      accept: decision === "accept",
      reason,
    }, clock.now());
    if (!decided) return showQueue(c, 404);
    return c.redirect(`/admin/preview?notice=${decision === "accept" ? "accepted" : "rejected"}`, 303);
  });
}

export const previewRoutes = new Hono<AppEnv>();
previewRoutes.route("/", programRoutes);
previewRoutes.route("/", reviewQueueRoutes);
