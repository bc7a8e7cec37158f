/**
 * @module
 * Admin routes of firmware releases (/admin/firmware, admins only): the list with the publish form,
 * publishing (a streamed multipart upload), one release with its device reports, changing its staged
 * rollout, and the audit log.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { fieldErrors, parseForm } from "../../http/forms.ts";
import { setBodyDeadline } from "../../http/read_body.ts";
import { z } from "zod";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { MODELS } from "../devices/mod.ts";
import { AuditPage, FirmwarePage, ReleasePage } from "./admin_views.tsx";
import { listAudit } from "./audit.ts";
import { outcomesOfRelease } from "./outcomes.ts";
import { releaseFormSchema, rolloutSchema } from "./release_form.ts";
import {
  checkNewVersion,
  findRelease,
  listReleases,
  publishRelease,
  type Release,
  releaseStats,
  setRollout,
} from "./releases.ts";
import { firmwareKeys } from "./signing_keys.ts";
import { receiveReleaseUpload } from "./upload.ts";

/** A 100 MB build over a slow uplink needs far longer than the portal's usual body deadline. */
export const UPLOAD_BODY_DEADLINE_MS = 30 * 60 * 1000;

const NOTICES: Record<string, string> = {
  published: "The release was published.",
  rollout: "The rollout was saved.",
};

const CONTROLLER_MODELS = MODELS.filter((model) => model.kind === "controller").map((model) =>
  model.modelNumber
);
const publishFormSchema = releaseFormSchema(CONTROLLER_MODELS);

async function showReleases(
  c: Context<SignedInEnv>,
  form: { values?: Record<string, string>; errors?: Record<string, string> } = {},
  status: ContentfulStatusCode = 200,
) {
  const { db, config } = c.var.deps;
  return renderPage(c, {
    title: "Firmware releases",
    status,
    body: (
      <FirmwarePage
        releases={await listReleases(db)}
        stats={await releaseStats(db)}
        keys={await firmwareKeys(config)}
        values={form.values ?? {}}
        errors={form.errors ?? {}}
        notice={NOTICES[c.req.query("notice") ?? ""]}
        controllerModels={CONTROLLER_MODELS}
        maxUploadBytes={config.firmware.maxUploadBytes}
      />
    ),
  });
}

async function showRelease(
  c: Context<SignedInEnv>,
  release: Release,
  rollout: { value?: string; error?: string } = {},
  status: ContentfulStatusCode = 200,
) {
  const { db } = c.var.deps;
  return renderPage(c, {
    title: `Firmware ${release.version}`,
    status,
    body: (
      <ReleasePage
        release={release}
        stats={(await releaseStats(db)).get(release.id) ?? { devices: 0, installed: 0, rolledBack: 0 }}
        outcomes={await outcomesOfRelease(db, release.id)}
        audit={await listAudit(db, { releaseId: release.id })}
        rolloutValue={rollout.value}
        rolloutError={rollout.error}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

function releaseNotFound(c: Context<SignedInEnv>) {
  return renderErrorPage(c, 404, {
    heading: "Release not found",
    message: "There is no firmware release with that id.",
    action: { href: "/admin/firmware", label: "Back to Firmware releases" },
  });
}

export const firmwareAdminRoutes = guardedRoutes("/admin/firmware", requireAdmin());

firmwareAdminRoutes.get("/admin/firmware", (c) => showReleases(c));

firmwareAdminRoutes.post("/admin/firmware", async (c) => {
  const { db, config, storage, clock } = c.var.deps;
  if (!await firmwareKeys(config)) {
    return renderErrorPage(c, 503, {
      heading: "Firmware signing is off",
      message: "Set FIRMWARE_SIGNING_KEYS to publish releases.",
      action: { href: "/admin/firmware", label: "Back to Firmware releases" },
    });
  }
  setBodyDeadline(c.req.raw, Date.now() + UPLOAD_BODY_DEADLINE_MS);
  const id = crypto.randomUUID();
  const artifactKey = `firmware/${id}/mixera-controller`;
  const upload = await receiveReleaseUpload(c.req.raw, {
    storage,
    partialKey: `firmware/${id}/upload`,
    finalKey: artifactKey,
    maxArtifactBytes: config.firmware.maxUploadBytes,
    async checkFields(fields) {
      const form = publishFormSchema.safeParse(fields);
      if (!form.success) return fieldErrors(form.error);
      const problem = await checkNewVersion(db, form.data.channel, form.data.version);
      return problem ? { version: problem } : {};
    },
  });
  if (!upload.ok) return showReleases(c, { values: upload.fields, errors: upload.errors }, upload.status);
  const form = publishFormSchema.safeParse(upload.fields);
  if (!form.success) {
    await storage.delete(artifactKey);
    return showReleases(c, { values: upload.fields, errors: fieldErrors(form.error) }, 422);
  }
  const published = await publishRelease(db, {
    id,
    ...form.data,
    artifactKey,
    sha256: upload.sha256,
    sizeBytes: upload.sizeBytes,
    publishedBy: c.var.user.id,
  }, clock.now());
  if (!published.ok) {
    await storage.delete(artifactKey);
    return showReleases(c, { values: upload.fields, errors: { version: published.problem } }, 422);
  }
  return c.redirect("/admin/firmware?notice=published", 303);
});

firmwareAdminRoutes.get("/admin/firmware/audit", async (c) => {
  return renderPage(c, {
    title: "Firmware audit log",
    body: <AuditPage entries={await listAudit(c.var.deps.db)} />,
  });
});

firmwareAdminRoutes.get("/admin/firmware/:id", async (c) => {
  const release = await findRelease(c.var.deps.db, c.req.param("id"));
  return release ? showRelease(c, release) : releaseNotFound(c);
});

firmwareAdminRoutes.post("/admin/firmware/:id/rollout", async (c) => {
  const { db, clock } = c.var.deps;
  const release = await findRelease(db, c.req.param("id"));
  if (!release) return releaseNotFound(c);
  const form = await parseForm(c, z.object({ rolloutPercent: rolloutSchema }));
  if (!form.ok) {
    return showRelease(c, release, {
      value: form.values.rolloutPercent,
      error: form.errors.rolloutPercent ?? form.errors._form,
    }, form.tooLarge ? 413 : 422);
  }
  if (form.data.rolloutPercent !== release.rolloutPercent) {
    await setRollout(db, release, form.data.rolloutPercent, c.var.user.id, clock.now());
  }
  return c.redirect(`/admin/firmware/${release.id}?notice=rollout`, 303);
});
