/** @module Admin pages of firmware releases: the list with the publish form, one release, the audit log. */
import type { FirmwareOutcomeRow } from "../../db/schema/firmware.ts";
import { Field, type FieldErrors, FieldFrame, Notice, PageHeader } from "../../ui/components.tsx";
import { SelectField } from "../../ui/choice_fields.tsx";
import type { AuditLine } from "./audit.ts";
import type { Release, ReleaseStats } from "./releases.ts";
import type { FirmwareKeys } from "./signing_keys.ts";
import { ARTIFACT_FIELD } from "./upload.ts";

function time(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function KeysPanel({ keys }: { keys: FirmwareKeys | null }) {
  if (!keys) {
    return (
      <Notice kind="error">
        Firmware signing is off: set FIRMWARE_SIGNING_KEYS to publish releases. Devices are offered nothing
        until then.
      </Notice>
    );
  }
  return (
    <section class="panel" aria-labelledby="signing-keys">
      <h2 id="signing-keys">Signing keys</h2>
      <p class="panel-intro">
        Manifests are signed with the first key. A controller build trusts the public keys it was built with:
        build it with <code>MIXERA_FIRMWARE_TRUSTED_KEYS</code> set to the list below.
      </p>
      {keys.source === "generated"
        ? (
          <Notice kind="info">
            This key was generated for development and is kept in DATA_DIR. Configure FIRMWARE_SIGNING_KEYS in
            production.
          </Notice>
        )
        : null}
      <dl class="facts">
        {keys.trusted.map((key, index) => (
          <>
            <dt>{index === 0 ? "Signing key" : "Also trusted"}</dt>
            <dd>
              <code>{key.keyId}</code> · public key <code data-testid="public-key">{key.publicKey}</code>
            </dd>
          </>
        ))}
        <dt>For controller builds</dt>
        <dd>
          <code data-testid="trusted-keys">
            MIXERA_FIRMWARE_TRUSTED_KEYS={keys.trusted.map((key) => key.publicKey).join(",")}
          </code>
        </dd>
      </dl>
    </section>
  );
}

function RolloutForm({ release, value, error }: { release: Release; value?: string; error?: string }) {
  return (
    <form method="post" action={`/admin/firmware/${release.id}/rollout`} class="actions" novalidate>
      <Field
        label="Rollout (%)"
        name="rolloutPercent"
        value={value ?? String(release.rolloutPercent)}
        error={error}
        inputmode="numeric"
        maxlength={3}
      />
      <button type="submit" class="button button-small">Save rollout</button>
    </form>
  );
}

function PublishForm(
  { values, errors, controllerModels, maxUploadBytes }: {
    values: Record<string, string>;
    errors: FieldErrors;
    controllerModels: readonly string[];
    maxUploadBytes: number;
  },
) {
  const chosen = new Set((values.models ?? "").split(",").map((model) => model.trim()));
  return (
    <section class="panel" aria-labelledby="publish-release">
      <h2 id="publish-release">Publish a release</h2>
      <p class="panel-intro">
        Upload the controller build (<code>npm run build:controller</code> writes{" "}
        <code>dist/mixera-controller</code>), at most{" "}
        {megabytes(maxUploadBytes)}. The portal stores it, computes its SHA-256 and size, and signs every
        manifest it hands out for it.
      </p>
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      <form method="post" action="/admin/firmware" enctype="multipart/form-data" novalidate>
        <Field
          label="Version"
          name="version"
          value={values.version}
          error={errors.version}
          hint="Semantic version, higher than every earlier release of the channel."
          maxlength={64}
        />
        <SelectField
          label="Channel"
          name="channel"
          options={["stable", "beta"]}
          value={values.channel ?? "stable"}
          error={errors.channel}
        />
        <FieldFrame
          props={{
            label: "Target models",
            name: "models",
            error: errors.models,
            hint: "Devices of other models never get it.",
          }}
          control={(id, describedBy) => (
            <div id={id} aria-describedby={describedBy}>
              {controllerModels.map((model) => (
                <label class="choice">
                  <input type="checkbox" name="models" value={model} checked={chosen.has(model)} /> {model}
                </label>
              ))}
            </div>
          )}
        />
        <Field
          label="Minimum firmware"
          name="minFirmwareVersion"
          value={values.minFirmwareVersion}
          error={errors.minFirmwareVersion}
          hint="Devices running an older version are not offered this release."
          maxlength={64}
        />
        <Field
          label="Staged rollout (%)"
          name="rolloutPercent"
          value={values.rolloutPercent ?? "100"}
          error={errors.rolloutPercent}
          inputmode="numeric"
          maxlength={3}
          hint="Share of eligible devices offered the release, chosen by serial number. You can change it later."
        />
        <FieldFrame
          props={{ label: "Release notes", name: "releaseNotes", error: errors.releaseNotes }}
          control={(id, describedBy) => (
            <textarea id={id} name="releaseNotes" rows={4} maxlength={10_000} aria-describedby={describedBy}>
              {values.releaseNotes ?? ""}
            </textarea>
          )}
        />
        <FieldFrame
          props={{ label: "Controller build", name: ARTIFACT_FIELD, error: errors[ARTIFACT_FIELD] }}
          control={(id, describedBy) => (
            <input
              id={id}
              type="file"
              name={ARTIFACT_FIELD}
              required
              aria-invalid={errors[ARTIFACT_FIELD] ? "true" : undefined}
              aria-describedby={describedBy}
            />
          )}
        />
        <button type="submit" class="button">Publish release</button>
      </form>
    </section>
  );
}

const NO_STATS: ReleaseStats = { devices: 0, installed: 0, rolledBack: 0 };

export function FirmwarePage(
  { releases, stats, keys, values, errors, notice, controllerModels, maxUploadBytes }: {
    releases: Release[];
    stats: Map<string, ReleaseStats>;
    keys: FirmwareKeys | null;
    values: Record<string, string>;
    errors: FieldErrors;
    notice?: string;
    controllerModels: readonly string[];
    maxUploadBytes: number;
  },
) {
  return (
    <div>
      <PageHeader
        title="Firmware releases"
        intro={
          <>
            <a href="/admin">← Admin</a> · <a href="/admin/firmware/audit">Audit log</a>
          </>
        }
      />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <KeysPanel keys={keys} />
      <section class="panel" aria-labelledby="releases">
        <h2 id="releases">Releases</h2>
        {releases.length === 0 ? <p class="muted">No release is published yet.</p> : (
          <div class="table-wrap">
            <table data-testid="releases">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Channel</th>
                  <th>Models</th>
                  <th>Min. firmware</th>
                  <th>Rollout</th>
                  <th>Devices on it</th>
                  <th>Installed</th>
                  <th>Rolled back</th>
                  <th>Published</th>
                </tr>
              </thead>
              <tbody>
                {releases.map((release) => {
                  const counts = stats.get(release.id) ?? NO_STATS;
                  return (
                    <tr data-version={release.version}>
                      <td>
                        <a href={`/admin/firmware/${release.id}`}>{release.version}</a>
                      </td>
                      <td>{release.channel}</td>
                      <td>{release.models.join(", ")}</td>
                      <td>{release.minFirmwareVersion}</td>
                      <td data-testid="rollout">{release.rolloutPercent}%</td>
                      <td data-testid="devices-on-release">{counts.devices}</td>
                      <td>{counts.installed}</td>
                      <td data-testid="rolled-back">{counts.rolledBack}</td>
                      <td>{time(release.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {keys
        ? (
          <PublishForm
            values={values}
            errors={errors}
            controllerModels={controllerModels}
            maxUploadBytes={maxUploadBytes}
          />
        )
        : null}
    </div>
  );
}

export function ReleasePage(
  { release, stats, outcomes, audit, rolloutValue, rolloutError, notice }: {
    release: Release;
    stats: ReleaseStats;
    outcomes: FirmwareOutcomeRow[];
    audit: AuditLine[];
    rolloutValue?: string;
    rolloutError?: string;
    notice?: string;
  },
) {
  return (
    <div>
      <PageHeader
        title={`Firmware ${release.version}`}
        intro={<a href="/admin/firmware">← Firmware releases</a>}
      />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <section class="panel" aria-labelledby="release-facts">
        <h2 id="release-facts">Release</h2>
        <dl class="facts">
          <dt>Channel</dt>
          <dd>{release.channel}</dd>
          <dt>Models</dt>
          <dd>{release.models.join(", ")}</dd>
          <dt>Minimum firmware</dt>
          <dd>{release.minFirmwareVersion}</dd>
          <dt>Size</dt>
          <dd>{release.sizeBytes} bytes ({megabytes(release.sizeBytes)})</dd>
          <dt>SHA-256</dt>
          <dd>
            <code data-testid="sha256">{release.sha256}</code>
          </dd>
          <dt>Published</dt>
          <dd>{time(release.createdAt)}</dd>
          <dt>Devices on it</dt>
          <dd>{stats.devices}</dd>
          <dt>Reports</dt>
          <dd>{stats.installed} installed · {stats.rolledBack} rolled back</dd>
          <dt>Release notes</dt>
          <dd>{release.releaseNotes || "—"}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="rollout">
        <h2 id="rollout">Staged rollout</h2>
        <RolloutForm release={release} value={rolloutValue} error={rolloutError} />
      </section>
      <section class="panel" aria-labelledby="outcomes">
        <h2 id="outcomes">Device reports</h2>
        {outcomes.length === 0
          ? <p class="muted">No device has reported on this release yet.</p>
          : (
            <div class="table-wrap">
              <table data-testid="outcomes">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Outcome</th>
                    <th>From</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {outcomes.map((outcome) => (
                    <tr>
                      <td>{time(outcome.createdAt)}</td>
                      <td>{outcome.outcome.replace("_", " ")}</td>
                      <td>{outcome.previousVersion}</td>
                      <td>{outcome.reason || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>
      <section class="panel" aria-labelledby="release-audit">
        <h2 id="release-audit">Audit log</h2>
        <AuditTable entries={audit} />
      </section>
    </div>
  );
}

function AuditTable({ entries }: { entries: AuditLine[] }) {
  if (entries.length === 0) return <p class="muted">Nothing recorded yet.</p>;
  return (
    <div class="table-wrap">
      <table data-testid="firmware-audit">
        <thead>
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Version</th>
            <th>By</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>{time(entry.createdAt)}</td>
              <td>{entry.event.replaceAll("_", " ")}</td>
              <td>{entry.version}</td>
              <td>{entry.serial ? <code>{entry.serial}</code> : entry.actorName ?? "deleted account"}</td>
              <td>{entry.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditPage({ entries }: { entries: AuditLine[] }) {
  return (
    <div>
      <PageHeader
        title="Firmware audit log"
        intro={<a href="/admin/firmware">← Firmware releases</a>}
      />
      <section class="panel" aria-labelledby="audit">
        <h2 id="audit">Releases, rollout changes and device reports</h2>
        <AuditTable entries={entries} />
      </section>
    </div>
  );
}
