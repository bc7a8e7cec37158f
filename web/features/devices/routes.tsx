/**
 * @module
 * Routes of My Devices (behind the Preview Program gate): the list and register form, a device's page
 * with rename, lock, key revocation, remote factory reset and removal, the cloud-access toggle, the
 * admins' device overview, and `POST /api/devices/register` for apps (`X-Session-Token`).
 */
import { type Context, Hono } from "hono";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { validateSessionToken } from "../../auth/session.ts";
import { clientIp } from "../../http/client_ip.ts";
import { parseForm } from "../../http/forms.ts";
import { readJsonBodyAs } from "../../http/json_body.ts";
import { tooManyRequests } from "../../http/too_many_requests.ts";
import { consumeRateLimit } from "../../security/rate_limit.ts";
import { ErrorPage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";
import { hasPreviewAccess, requirePreview } from "../preview/mod.ts";
import { listDeviceAudit, listRecentAudit } from "./audit.ts";
import { firmwareDownloads } from "./firmware_downloads.ts";
import { nicknameSchema, registrationErrorCode, registrationSchema } from "./input.ts";
import {
  findManagedDevice,
  listAllDevices,
  listDevices,
  registerDevice,
  removeDevice,
  renameDevice,
  requestFactoryReset,
  revokeDeviceKey,
  setCloudAccess,
  setDeviceLock,
} from "./service.ts";
import { AdminDevicesPage, DevicePage, DevicesPage, RemoveDevicePage } from "./views.tsx";
import "./user_data.ts";

/** Registrations per account per hour: plenty for a DJ's gear, too few to sweep serials. */
const REGISTER_LIMIT = { limit: 20, windowMs: 60 * 60 * 1000 };
const REGISTER_IP_LIMIT = { limit: 100, windowMs: 60 * 60 * 1000 };
const ACTION_LIMIT = { limit: 120, windowMs: 60 * 1000 };

const ALREADY_YOURS = "This device is already registered to your account.";
/** Says nothing about who owns the device. */
const ALREADY_TAKEN =
  "This serial number is already registered to another account. If this is your device, contact MIXERA support.";

const NOTICES: Record<string, string> = {
  registered: "Your device was registered.",
  removed: "The device was removed from your account. You can re-register it later.",
  renamed: "The nickname was saved.",
  locked: "The device is locked. It is refused at its next connection.",
  unlocked: "The device is unlocked.",
  revoked: "The device key was revoked. The controller must be linked again.",
  "factory-reset": "A factory reset was requested. The controller carries it out at its next connection.",
};

async function showDevices(
  c: Context<SignedInEnv>,
  options: {
    values?: Record<string, string>;
    errors?: Record<string, string>;
    status?: 200 | 409 | 413 | 422;
  } = {},
) {
  const { db, clock } = c.var.deps;
  return renderPage(c, {
    title: "My Devices",
    status: options.status ?? 200,
    body: (
      <DevicesPage
        devices={await listDevices(db, c.var.user.id)}
        now={clock.now()}
        values={options.values}
        errors={options.errors}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

function deviceNotFound(c: Context<SignedInEnv>) {
  return renderPage(c, {
    title: "Device not found",
    status: 404,
    body: ErrorPage({
      heading: "Device not found",
      message: "There is no such device on your account.",
      action: { href: "/devices", label: "Back to My Devices" },
    }),
  });
}

const myDevicesRoutes = guardedRoutes("/devices", requirePreview({ area: "Devices" }));
myDevicesRoutes.use("/devices/register", requirePreview({ area: "Devices", verifiedEmail: true }));
const adminDevicesRoutes = guardedRoutes("/admin/devices", requireAdmin());

myDevicesRoutes.post("/devices/cloud-access", async (c) => {
  const form = await parseForm(c, z.object({ enabled: z.enum(["on", "off"]) }));
  if (!form.ok) return c.text("Send enabled=on or enabled=off.", 422);
  await setCloudAccess(c.var.deps.db, c.var.user.id, form.data.enabled === "on", c.var.deps.clock.now());
  return c.redirect("/profile", 303);
});

adminDevicesRoutes.get("/admin/devices", async (c) => {
  const { db } = c.var.deps;
  return renderPage(c, {
    title: "Devices",
    body: <AdminDevicesPage devices={await listAllDevices(db)} audit={await listRecentAudit(db)} />,
  });
});

myDevicesRoutes.get("/devices", (c) => showDevices(c));

myDevicesRoutes.post("/devices/register", async (c) => {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const now = clock.now();
  for (
    const [key, limit] of [[`devices:register:user:${user.id}`, REGISTER_LIMIT], [
      `devices:register:ip:${clientIp(c)}`,
      REGISTER_IP_LIMIT,
    ]] as const
  ) {
    const result = await consumeRateLimit(db, key, limit, now);
    if (!result.allowed) return tooManyRequests(c, result.retryAfterSec);
  }
  const form = await parseForm(c, registrationSchema(now));
  if (!form.ok) {
    return showDevices(c, { values: form.values, errors: form.errors, status: form.tooLarge ? 413 : 422 });
  }
  const result = await registerDevice(db, user.id, {
    serial: form.data.serialNumber,
    model: form.data.modelNumber,
    purchaseDate: form.data.purchaseDate,
    nickname: form.data.nickname,
  }, now);
  if (!result.ok) {
    return showDevices(c, {
      values: form.values,
      errors: { serialNumber: result.ownedByYou ? ALREADY_YOURS : ALREADY_TAKEN },
      status: 409,
    });
  }
  return c.redirect("/devices?notice=registered", 303);
});

/** Runs `handler` with the device the signed-in user may manage, or answers 404. */
function withDevice(
  handler: (
    c: Context<SignedInEnv>,
    found: NonNullable<Awaited<ReturnType<typeof findManagedDevice>>>,
  ) => Response | Promise<Response>,
) {
  return async (c: Context<SignedInEnv>) => {
    const found = await findManagedDevice(c.var.deps.db, c.var.user, c.req.param("id") ?? "");
    if (!found) return deviceNotFound(c);
    if (c.req.method === "POST") {
      const limit = await consumeRateLimit(
        c.var.deps.db,
        `devices:action:user:${c.var.user.id}`,
        ACTION_LIMIT,
        c.var.deps.clock.now(),
      );
      if (!limit.allowed) return tooManyRequests(c, limit.retryAfterSec);
    }
    return await handler(c, found);
  };
}

myDevicesRoutes.get(
  "/devices/:id",
  withDevice(async (c, { device }) =>
    renderPage(c, {
      title: device.nickname || device.serial,
      body: (
        <DevicePage
          device={device}
          audit={await listDeviceAudit(c.var.deps.db, device.userId, device.id)}
          firmware={await firmwareDownloads(c.var.deps.db, device)}
          now={c.var.deps.clock.now()}
          notice={NOTICES[c.req.query("notice") ?? ""]}
        />
      ),
    })
  ),
);

myDevicesRoutes.post(
  "/devices/:id/rename",
  withDevice(async (c, { device }) => {
    const form = await parseForm(c, z.object({ nickname: nicknameSchema }));
    if (!form.ok) {
      return renderPage(c, {
        title: device.serial,
        status: 422,
        body: (
          <DevicePage
            device={device}
            audit={await listDeviceAudit(c.var.deps.db, device.userId, device.id)}
            firmware={await firmwareDownloads(c.var.deps.db, device)}
            now={c.var.deps.clock.now()}
            errors={form.errors}
          />
        ),
      });
    }
    await renameDevice(c.var.deps.db, device, form.data.nickname);
    return c.redirect(`/devices/${device.id}?notice=renamed`, 303);
  }),
);

for (const locked of [true, false]) {
  myDevicesRoutes.post(
    `/devices/:id/${locked ? "lock" : "unlock"}`,
    withDevice(async (c, { device, actor }) => {
      await setDeviceLock(c.var.deps.db, device, locked, actor, c.var.deps.clock.now());
      return c.redirect(`/devices/${device.id}?notice=${locked ? "locked" : "unlocked"}`, 303);
    }),
  );
}

myDevicesRoutes.post(
  "/devices/:id/revoke",
  withDevice(async (c, { device, actor }) => {
    await revokeDeviceKey(c.var.deps.db, device, actor, c.var.deps.clock.now());
    return c.redirect(`/devices/${device.id}?notice=revoked`, 303);
  }),
);

myDevicesRoutes.post(
  "/devices/:id/factory-reset",
  withDevice(async (c, { device, actor }) => {
    await requestFactoryReset(c.var.deps.db, device, actor, c.var.deps.clock.now());
    return c.redirect(`/devices/${device.id}?notice=factory-reset`, 303);
  }),
);

myDevicesRoutes.get(
  "/devices/:id/remove",
  withDevice((c, { device }) =>
    renderPage(c, { title: "Remove Device", body: <RemoveDevicePage device={device} /> })
  ),
);

myDevicesRoutes.post(
  "/devices/:id/remove",
  withDevice(async (c, { device, actor }) => {
    const form = await parseForm(c, z.object({ confirm: z.literal("remove") }));
    if (!form.ok) {
      return renderPage(c, {
        title: "Remove Device",
        status: 422,
        body: <RemoveDevicePage device={device} />,
      });
    }
    await removeDevice(c.var.deps.db, device, actor, c.var.deps.clock.now());
    return c.redirect("/devices?notice=removed", 303);
  }),
);

export const devicesRoutes = new Hono<AppEnv>();
devicesRoutes.route("/", myDevicesRoutes);
devicesRoutes.route("/", adminDevicesRoutes);

/**
 * JSON API for apps, authenticated by a portal session token in `X-Session-Token` rather than the
 * browser's cookie: a machine route, mounted ahead of the CSRF check (web/app.ts).
 */
export const deviceRegistrationApiRoutes = new Hono<AppEnv>();

deviceRegistrationApiRoutes.post("/api/devices/register", async (c) => {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const ipLimit = await consumeRateLimit(db, `devices:register:ip:${clientIp(c)}`, REGISTER_IP_LIMIT, now);
  if (!ipLimit.allowed) {
    c.header("Retry-After", String(ipLimit.retryAfterSec));
    return c.json({ error: "rate_limited", message: "Too many registrations; try again later." }, 429);
  }
  const token = c.req.header("x-session-token") ?? "";
  const session = token ? await validateSessionToken(db, token, now) : null;
  if (!session) {
    return c.json({ error: "unauthorized", message: "Send a valid session token in X-Session-Token." }, 401);
  }
  const { user } = session;
  if (!await hasPreviewAccess(db, user)) {
    return c.json({
      error: "not_eligible",
      message: "Device Management is part of the Preview Program; apply at /preview-program.",
    }, 403);
  }
  if (!user.emailVerifiedAt) {
    return c.json({ error: "email_not_verified", message: "Verify your email address first." }, 403);
  }
  const userLimit = await consumeRateLimit(db, `devices:register:user:${user.id}`, REGISTER_LIMIT, now);
  if (!userLimit.allowed) {
    c.header("Retry-After", String(userLimit.retryAfterSec));
    return c.json({ error: "rate_limited", message: "Too many registrations; try again later." }, 429);
  }
  const body = await readJsonBodyAs(c.req.raw, 4096, registrationSchema(now));
  if (!body.ok) {
    const code = body.status === 413 ? "too_large" : registrationErrorCode(body.field ?? "");
    return c.json({ error: code, message: body.message }, body.status);
  }
  const result = await registerDevice(db, user.id, {
    serial: body.data.serialNumber,
    model: body.data.modelNumber,
    purchaseDate: body.data.purchaseDate,
    nickname: body.data.nickname,
  }, now);
  if (!result.ok) {
    return c.json(
      { error: "already_registered", message: result.ownedByYou ? ALREADY_YOURS : ALREADY_TAKEN },
      409,
    );
  }
  const device = result.device;
  return c.json({
    device: {
      id: device.id,
      serialNumber: device.serial,
      modelNumber: device.model,
      purchaseDate: device.purchaseDate,
      nickname: device.nickname,
      registeredAt: device.registeredAt.toISOString(),
    },
  }, 201);
});
