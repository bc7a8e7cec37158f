/** @module Routes of MIXERA Infinity: the plans page, the mock checkout and cancelling a subscription. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { SignedInEnv } from "../../context.ts";
import type { User } from "../../db/schema/users.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { ErrorPage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";
import { findPlan, listPlans } from "./catalog.ts";
import { credentialsFor, readLink } from "./external_storage/mod.ts";
import { CheckoutPage } from "./checkout_views.tsx";
import { upgradableDevices } from "./devices.ts";
import { activeSubscriptions, quotaOf } from "./entitlements.ts";
import { storedBytes } from "./stored_bytes.ts";
import { cancelSubscription, type ChangeRefusal, PAYMENT_METHODS, subscribe } from "./subscriptions.ts";
import { formatBytes, InfinityPage } from "./views.tsx";
import "./user_data.ts";

const NOTICES: Record<string, string> = {
  subscribed: "Your plan is active. This was a mock checkout: no real transaction took place.",
  cancelled: "Your subscription was cancelled.",
  "external-linked": "External storage is connected. Direct push to devices is now off.",
  "external-unlinked": "External storage was disconnected. Direct push to devices is on again.",
};

const checkoutFormSchema = z.object({
  planId: z.string().trim().min(1).max(64),
  billing: z.enum(["monthly", "yearly"], { error: "Choose monthly or yearly billing." }),
  paymentMethod: z.enum(PAYMENT_METHODS, { error: "Choose a payment method." }),
  deviceId: z.string().trim().max(64).optional(),
});

function refusalMessage(refusal: ChangeRefusal): string {
  switch (refusal.reason) {
    case "below_stored":
      return `You store ${
        formatBytes(refusal.storedBytes)
      }, but after this change your cloud storage would be ${
        formatBytes(refusal.quotaBytes)
      }. Remove tracks first or choose a larger plan.`;
    case "already_active":
      return "You already have this plan.";
    case "not_offered":
      return "This plan cannot be bought.";
    case "not_found":
      return "You have no such active subscription.";
  }
}

/** Renders the Infinity page, with `error` above it; other rooms of Infinity answer through it too. */
export async function showInfinity(
  c: Context<SignedInEnv>,
  user: User,
  options: { error?: string; status?: ContentfulStatusCode } = {},
) {
  const { db } = c.var.deps;
  const [plans, active, devices, stored, link] = await Promise.all([
    listPlans(db),
    activeSubscriptions(db, user.id),
    upgradableDevices(db, user.id),
    storedBytes(c.var.deps, user.id),
    readLink(db, user.id),
  ]);
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const deviceLabels = new Map(devices.map((device) => [device.id, device.label]));
  return renderPage(c, {
    title: "MIXERA Infinity",
    status: options.status ?? 200,
    body: (
      <InfinityPage
        plans={plans}
        billing={c.req.query("billing") === "yearly" ? "yearly" : "monthly"}
        devices={devices}
        current={active.map((subscription) => ({
          subscription,
          plan: byId.get(subscription.planId)!,
          deviceLabel: subscription.slot.startsWith("device:")
            ? deviceLabels.get(subscription.deviceId ?? "") ?? "Device removed from your account"
            : undefined,
        }))}
        storedBytes={stored}
        quotaBytes={quotaOf(active)}
        externalStorage={{
          link,
          configured: {
            google_drive: Boolean(credentialsFor(c.var.deps.config, "google_drive")),
            dropbox: Boolean(credentialsFor(c.var.deps.config, "dropbox")),
          },
        }}
        notice={NOTICES[c.req.query("notice") ?? ""]}
        error={options.error}
      />
    ),
  });
}

function planNotFound(c: Context<SignedInEnv>) {
  return renderPage(c, {
    title: "Plan not found",
    status: 404,
    body: ErrorPage({
      heading: "Plan not found",
      message: "There is no such Infinity plan.",
      action: { href: "/infinity", label: "Back to Infinity" },
    }),
  });
}

export const infinityRoutes = guardedRoutes("/infinity", requireUser());

infinityRoutes.get("/infinity", (c) => showInfinity(c, c.var.user));

infinityRoutes.get("/infinity/checkout", async (c) => {
  const plan = await findPlan(c.var.deps.db, c.req.query("plan") ?? "");
  if (!plan || plan.included || !plan.offered) return planNotFound(c);
  const devices = await upgradableDevices(c.var.deps.db, c.var.user.id);
  return renderPage(c, {
    title: `Checkout: ${plan.name}`,
    body: (
      <CheckoutPage
        plan={plan}
        devices={devices}
        values={{ billing: c.req.query("billing") ?? "monthly", deviceId: c.req.query("device") ?? "" }}
      />
    ),
  });
});

infinityRoutes.post("/infinity/checkout", async (c) => {
  const user = c.var.user;
  const { db, clock } = c.var.deps;
  const form = await parseForm(c, checkoutFormSchema);
  const plan = await findPlan(db, form.values.planId ?? "");
  if (!plan || plan.included || !plan.offered) {
    return showInfinity(c, user, { error: "Choose a plan that is offered.", status: 422 });
  }
  const devices = await upgradableDevices(db, user.id);
  const refuse = (errors: Record<string, string>, status: ContentfulStatusCode = 422) =>
    renderPage(c, {
      title: `Checkout: ${plan.name}`,
      status,
      body: <CheckoutPage plan={plan} devices={devices} values={form.values} errors={errors} />,
    });
  if (!form.ok) return refuse(form.errors, form.tooLarge ? 413 : 422);
  const deviceId = form.data.deviceId;
  if (plan.family === "connectivity") {
    if (devices.length === 0) {
      return refuse({ _form: "Register a device first: connectivity is bought per device." });
    }
    if (!deviceId || !devices.some((device) => device.id === deviceId)) {
      return refuse({ deviceId: "Choose one of your devices." });
    }
  }
  const result = await subscribe(db, user.id, {
    plan,
    billing: form.data.billing,
    paymentMethod: form.data.paymentMethod,
    deviceId,
    storedBytes: await storedBytes(c.var.deps, user.id),
    now: clock.now(),
  });
  if (!result.ok) return refuse({ _form: refusalMessage(result) });
  return c.redirect("/infinity?notice=subscribed", 303);
});

infinityRoutes.post("/infinity/subscriptions/:id/cancel", async (c) => {
  const user = c.var.user;
  const result = await cancelSubscription(
    c.var.deps.db,
    user.id,
    c.req.param("id"),
    await storedBytes(c.var.deps, user.id),
    c.var.deps.clock.now(),
  );
  if (!result.ok) {
    return showInfinity(c, user, {
      error: refusalMessage(result),
      status: result.reason === "not_found" ? 404 : 422,
    });
  }
  return c.redirect("/infinity?notice=cancelled", 303);
});
