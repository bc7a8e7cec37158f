/**
 * @module
 * The portal as a Hono app built from its dependencies, so tests run the real app on a temporary
 * database and production wires in Turso, SMTP and object storage.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppDeps, AppEnv } from "./context.ts";
import { loadSession } from "./auth/middleware.ts";
import { noStoreForSignedIn } from "./security/cache_control.ts";
import { csrfProtection } from "./security/csrf.ts";
import { securityHeaders } from "./security/headers.ts";
import { strictTransportSecurity } from "./security/hsts.ts";
import { QueueFullError } from "./security/bounded_queue.ts";
import { assetRoutes } from "./ui/assets.ts";
import { renderErrorPage } from "./ui/render.tsx";
import { authRoutes } from "./features/auth/routes.tsx";
import { devMailboxRoutes } from "./features/dev_mailbox/routes.tsx";
import { homeRoutes, placeholderRoutes } from "./features/home/routes.tsx";
import { adminRoutes } from "./features/admin/routes.tsx";
import { dangerZoneRoutes } from "./features/danger_zone/routes.tsx";
import { profileRoutes } from "./features/profile/routes.tsx";
import { securityRoutes } from "./features/security/routes.tsx";
import { oauthRoutes } from "./features/oauth/routes.tsx";
import { oauthBackChannelRoutes } from "./features/oauth/back_channel_routes.ts";
import { developerRoutes } from "./features/developer/routes.tsx";
import { connectedAppsRoutes } from "./features/connected_apps/routes.tsx";
import { previewRoutes } from "./features/preview/mod.ts";
import { deviceRegistrationApiRoutes, devicesRoutes } from "./features/devices/mod.ts";
import { deviceApiRoutes } from "./features/device_api/mod.ts";
import { deviceCloudFileRoutes, deviceCloudRoutes } from "./features/device_cloud/mod.ts";
import { telemetryRoutes } from "./features/telemetry/mod.ts";
import { rentAdminRoutes, rentRoutes } from "./features/rent/mod.ts";
import { externalStorageRoutes, infinityAdminRoutes, infinityRoutes } from "./features/infinity/mod.ts";
import { gemaRoutes } from "./features/gema/routes.tsx";
import { statusRoutes } from "./features/status/mod.ts";
import { docsRoutes } from "./features/docs/routes.tsx";
import { cloudRoutes } from "./features/cloud/mod.ts";
import { cloudLibraryRoutes } from "./features/cloud_library/mod.ts";
import { analysisAdminRoutes } from "./features/analysis/mod.ts";
import { firmwareAdminRoutes, firmwareDeviceRoutes } from "./features/firmware/mod.ts";
import { mixeyRoutes } from "./features/mixey/mod.ts";
import { connectRoutes } from "./features/connect/mod.ts";
import { djStatsRoutes } from "./features/dj_stats/mod.ts";
import { leaderboardRoutes } from "./features/leaderboard/mod.ts";
import { sustainabilityRoutes } from "./features/sustainability/mod.ts";

/**
 * @example
 * ```ts
 * const app = createApp({ db, config, mailer, storage, clock: systemClock });
 * Deno.serve(app.fetch);
 * ```
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(securityHeaders());
  app.use(strictTransportSecurity(deps.config.publicUrl));
  app.route("/", assetRoutes);
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  // Machine-to-machine endpoints, mounted here so the browser's CSRF check and session below never run
  // for them: programs call them with their own credentials, and a cookie sent along cannot lend them a
  // user. A router mounted here is exempt from CSRF; every other route is checked.
  app.route("/", oauthBackChannelRoutes);
  app.route("/", deviceApiRoutes);
  app.route("/", deviceCloudRoutes);
  app.route("/", deviceCloudFileRoutes);
  app.route("/", telemetryRoutes());
  app.route("/", deviceRegistrationApiRoutes);
  app.route("/", firmwareDeviceRoutes);

  app.use(csrfProtection(deps.config));
  app.use(loadSession());
  app.use(noStoreForSignedIn());

  // Features. Each owns its paths; an area's own routes must come before placeholderRoutes.
  app.route("/", homeRoutes);
  app.route("/", authRoutes);
  app.route("/", profileRoutes);
  app.route("/", firmwareAdminRoutes);
  app.route("/", adminRoutes);
  app.route("/", dangerZoneRoutes);
  app.route("/", securityRoutes);
  if (deps.config.mode === "development") app.route("/", devMailboxRoutes);
  app.route("/", oauthRoutes);
  app.route("/", developerRoutes);
  app.route("/", connectedAppsRoutes);
  app.route("/", previewRoutes);
  app.route("/", devicesRoutes);
  app.route("/", rentRoutes);
  app.route("/", rentAdminRoutes);
  app.route("/", infinityRoutes);
  app.route("/", externalStorageRoutes);
  app.route("/", infinityAdminRoutes);
  app.route("/", gemaRoutes);
  app.route("/", statusRoutes);
  app.route("/", docsRoutes);
  app.route("/", cloudRoutes);
  app.route("/", cloudLibraryRoutes);
  app.route("/", analysisAdminRoutes);
  app.route("/", mixeyRoutes);
  app.route("/", connectRoutes);
  app.route("/", djStatsRoutes);
  app.route("/", leaderboardRoutes);
  app.route("/", sustainabilityRoutes);

  app.route("/", placeholderRoutes);

  app.notFound((c) =>
    renderErrorPage(c, 404, { heading: "Page not found", message: "There is no page at this address." })
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof QueueFullError) {
      c.header("Retry-After", String(error.retryAfterSec));
      return renderErrorPage(c, 503, {
        heading: "The portal is busy",
        message: `Too many ${error.work} are running right now. Please try again in a few seconds.`,
      });
    }
    console.error(`${c.req.method} ${c.req.path}:`, error);
    return renderErrorPage(c, 500, {
      heading: "Something went wrong",
      message: "The portal hit an error. Please try again.",
    });
  });
  return app;
}
