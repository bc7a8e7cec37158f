/**
 * @module
 * The one gate in front of every preview area (DJ Stats, Devices, MIXEY, Leaderboard, Connect) and
 * their HTTP APIs: signed-out visitors sign in, people outside the program see what it is and how to
 * apply (pages) or get 403 with a JSON error (APIs under `/api/`), and where it matters the email
 * address must be verified too.
 */
import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import type { SignedInEnv } from "../../context.ts";
import { requireUser, requireVerified } from "../../auth/middleware.ts";
import { renderPage } from "../../ui/render.tsx";
import { findApplication } from "./service.ts";
import { PreviewGatePage } from "./views.tsx";

export interface PreviewGateOptions {
  /** Name of the area, for the explanation page. */
  area: string;
  /** Also require a verified email address (registering devices). */
  verifiedEmail?: boolean;
}

function previewMember(area: string): MiddlewareHandler<SignedInEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (user.role === "admin") return await next();
    const application = await findApplication(c.var.deps.db, user.id);
    if (application?.status === "accepted") return await next();
    if (c.req.path.startsWith("/api/")) {
      return c.json({
        error: "not_eligible",
        message: "This feature is part of the Preview Program; apply at /preview-program.",
      }, 403);
    }
    return renderPage(c, {
      title: area,
      status: 403,
      body: <PreviewGatePage area={area} pending={application?.status === "pending"} />,
    });
  };
}

function verifiedApi(): MiddlewareHandler<SignedInEnv> {
  const page = requireVerified();
  return async (c, next) => {
    if (c.req.path.startsWith("/api/") && !c.var.user.emailVerifiedAt) {
      return c.json({ error: "email_not_verified", message: "Verify your email address first." }, 403);
    }
    return await page(c, next);
  };
}

/**
 * @example
 * ```ts
 * devicesRoutes.use("/devices/*", requirePreview({ area: "Devices" }));
 * ```
 */
export function requirePreview(options: PreviewGateOptions): MiddlewareHandler<SignedInEnv> {
  const steps: MiddlewareHandler<SignedInEnv>[] = [requireUser(), previewMember(options.area)];
  if (options.verifiedEmail) steps.push(verifiedApi());
  return every(...steps);
}
