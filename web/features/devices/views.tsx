/** @module Pages of My Devices: the list with the register form, one device's page, the remove confirmation. */
import type { Device, DeviceAuditEntry } from "../../db/schema/devices.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { findModel, MODELS, warranty } from "./catalogue.ts";
import type { FirmwareDownloads } from "./firmware_downloads.ts";

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "—";
}

function time(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";
}

export function deviceName(device: Device): string {
  return device.nickname || findModel(device.model)?.name || device.model;
}

function WarrantyText({ device, now }: { device: Device; now: Date }) {
  const model = findModel(device.model);
  if (!model) return <span>—</span>;
  const state = warranty(device.purchaseDate, model.warrantyMonths, now);
  return state.expired
    ? <span class="badge badge-muted" data-testid="warranty">expired</span>
    : <span data-testid="warranty">in warranty until {state.until}</span>;
}

function LockBadge({ device }: { device: Device }) {
  return device.lockedAt
    ? <span class="badge badge-danger" data-testid="lock-state">Locked</span>
    : <span class="badge" data-testid="lock-state">Unlocked</span>;
}

function RegisterForm({ values, errors }: { values: Record<string, string>; errors: FieldErrors }) {
  const id = "field-modelNumber";
  return (
    <section class="panel" aria-labelledby="register-device">
      <h2 id="register-device">Register New Device</h2>
      <p class="panel-intro">
        Register your MIXERA devices to access cloud features, warranty info, and software updates. Devices
        can only be linked to one account at a time.
      </p>
      <form method="post" action="/devices/register" novalidate data-testid="register-form">
        <Field
          label="Serial number"
          name="serialNumber"
          hint="On the label under the device: MXR-YYYYMMDD-XXXXXX"
          maxlength={19}
          value={values.serialNumber}
          error={errors.serialNumber}
        />
        <div class={errors.modelNumber ? "field field-invalid" : "field"}>
          <label for={id}>Model</label>
          <select id={id} name="modelNumber" required>
            {MODELS.map((model) => (
              <option value={model.modelNumber} selected={values.modelNumber === model.modelNumber}>
                {model.name} ({model.modelNumber})
              </option>
            ))}
          </select>
          {errors.modelNumber ? <p class="field-error">{errors.modelNumber}</p> : null}
        </div>
        <Field
          label="Purchase date"
          name="purchaseDate"
          type="date"
          value={values.purchaseDate}
          error={errors.purchaseDate}
        />
        <Field
          label="Nickname (optional)"
          name="nickname"
          required={false}
          maxlength={60}
          value={values.nickname}
          error={errors.nickname}
        />
        <button type="submit" class="button">Register device</button>
      </form>
    </section>
  );
}

export function DevicesPage(
  { devices, now, values = {}, errors = {}, notice }: {
    devices: Device[];
    now: Date;
    values?: Record<string, string>;
    errors?: FieldErrors;
    notice?: string;
  },
) {
  return (
    <div>
      <PageHeader
        title="My Devices"
        intro="Manage your registered MIXERA devices, view warranty information, and download software updates."
      />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      {devices.length === 0
        ? (
          <div class="empty-state" data-testid="no-devices">
            <h2>No Devices Registered</h2>
            <p>Register your MIXERA device to access warranty info, software updates, and more.</p>
          </div>
        )
        : (
          <div class="table-wrap">
            <table data-testid="device-list">
              <thead>
                <tr>
                  <th>Device</th>
                  <th>Model</th>
                  <th>Serial</th>
                  <th>Registered</th>
                  <th>Last seen</th>
                  <th>Firmware</th>
                  <th>Lock</th>
                  <th>Warranty</th>
                </tr>
              </thead>
              <tbody>
                {devices.map((device) => (
                  <tr data-testid="device-row" data-serial={device.serial}>
                    <td>
                      <a href={`/devices/${device.id}`}>{deviceName(device)}</a>
                    </td>
                    <td>{findModel(device.model)?.name ?? device.model}</td>
                    <td>
                      <code>{device.serial}</code>
                    </td>
                    <td>{day(device.registeredAt)}</td>
                    <td data-testid="last-seen">{time(device.lastSeenAt)}</td>
                    <td>{device.firmware ?? "—"}</td>
                    <td>
                      <LockBadge device={device} />
                    </td>
                    <td>
                      <WarrantyText device={device} now={now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <RegisterForm values={values} errors={errors} />
    </div>
  );
}

function ActionButton(
  { device, action, label, danger }: { device: Device; action: string; label: string; danger?: boolean },
) {
  return (
    <form method="post" action={`/devices/${device.id}/${action}`} class="actions">
      <button type="submit" class={danger ? "button button-danger" : "button"}>{label}</button>
    </form>
  );
}

function FirmwareList({ device, firmware }: { device: Device; firmware: FirmwareDownloads }) {
  const model = findModel(device.model);
  const last = firmware.lastOutcome;
  return (
    <>
      {last
        ? (
          <p data-testid="last-update">
            {last.outcome === "installed"
              ? `Last update: ${last.version} installed ${time(last.at)}.`
              : `Last update: ${last.version} was rolled back ${time(last.at)} (${last.reason}).`}
          </p>
        )
        : null}
      {firmware.releases.length === 0
        ? <p class="muted">No firmware releases are published for {model?.name ?? device.model} yet.</p>
        : (
          <div class="table-wrap">
            <table data-testid="firmware-releases">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Channel</th>
                  <th>Published</th>
                  <th>Size</th>
                  <th>Release notes</th>
                </tr>
              </thead>
              <tbody>
                {firmware.releases.map((release) => (
                  <tr>
                    <td>
                      {release.version}
                      {release.version === device.firmware ? <span class="badge">installed</span> : null}
                    </td>
                    <td>{release.channel}</td>
                    <td>{day(release.publishedAt)}</td>
                    <td title={`SHA-256 ${release.sha256}`}>
                      {(release.sizeBytes / 1_048_576).toFixed(1)} MB
                    </td>
                    <td>{release.releaseNotes || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
}

function Resources({ device, firmware }: { device: Device; firmware: FirmwareDownloads }) {
  const model = findModel(device.model);
  return (
    <section class="panel" aria-labelledby="resources" data-testid="resources">
      <h2 id="resources">Downloads &amp; Resources</h2>
      <h3>Firmware</h3>
      <FirmwareList device={device} firmware={firmware} />
      <h3>Manuals</h3>
      <ul>
        {(model?.manuals ?? []).map((manual) => (
          <li>
            <a href={manual.url} rel="noopener noreferrer">{manual.title}</a>
          </li>
        ))}
      </ul>
      <h3>Replacement parts</h3>
      <ul>
        {(model?.parts ?? []).map((part) => (
          <li>
            {part.name} <code>{part.partNumber}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AuditTable({ entries }: { entries: DeviceAuditEntry[] }) {
  return (
    <div class="table-wrap">
      <table data-testid="audit-log">
        <thead>
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>By</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>{time(entry.createdAt)}</td>
              <td>{entry.event.replaceAll("_", " ")}</td>
              <td>{entry.actor}</td>
              <td>{entry.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DevicePage(
  { device, audit, firmware, now, errors = {}, notice }: {
    device: Device;
    audit: DeviceAuditEntry[];
    firmware: FirmwareDownloads;
    now: Date;
    errors?: FieldErrors;
    notice?: string;
  },
) {
  const model = findModel(device.model);
  return (
    <div>
      <PageHeader title={deviceName(device)} intro={<a href="/devices">← My Devices</a>} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <section class="panel" aria-labelledby="device-facts">
        <h2 id="device-facts">Device</h2>
        <dl class="facts">
          <dt>Serial</dt>
          <dd>
            <code>{device.serial}</code>
          </dd>
          <dt>Model</dt>
          <dd>{model?.name ?? device.model}</dd>
          <dt>Registered</dt>
          <dd>{day(device.registeredAt)}</dd>
          <dt>Controller link</dt>
          <dd data-testid="link-state">
            {device.publicKey ? `Linked since ${time(device.linkedAt)}` : "Not linked"}
          </dd>
          <dt>Last seen</dt>
          <dd data-testid="last-seen">{time(device.lastSeenAt)}</dd>
          <dt>Firmware</dt>
          <dd data-testid="firmware-version">{device.firmware ?? "—"}</dd>
          <dt>Lock</dt>
          <dd>
            <LockBadge device={device} />
          </dd>
          <dt>Warranty</dt>
          <dd>
            <WarrantyText device={device} now={now} />
          </dd>
          {device.pendingCommand
            ? (
              <>
                <dt>Pending command</dt>
                <dd>factory reset (delivered at the next connection)</dd>
              </>
            )
            : null}
        </dl>
      </section>
      <section class="panel" aria-labelledby="rename">
        <h2 id="rename">Nickname</h2>
        <form method="post" action={`/devices/${device.id}/rename`} novalidate>
          <Field
            label="Nickname"
            name="nickname"
            required={false}
            maxlength={60}
            value={device.nickname}
            error={errors.nickname}
          />
          <button type="submit" class="button">Save nickname</button>
        </form>
      </section>
      <Resources device={device} firmware={firmware} />
      <section class="panel" aria-labelledby="device-lock">
        <h2 id="device-lock">Device Lock</h2>
        <p>Lock this device if stolen to prevent unauthorized use</p>
        {device.lockedAt
          ? <ActionButton device={device} action="unlock" label="Unlock device" />
          : <ActionButton device={device} action="lock" label="Lock device" danger />}
      </section>
      <section class="panel" aria-labelledby="device-security">
        <h2 id="device-security">Device key and reset</h2>
        <p class="panel-intro">
          Revoking the key disconnects the controller until it is linked again. A factory reset wipes the
          controller's local state the next time it connects.
        </p>
        {device.publicKey
          ? <ActionButton device={device} action="revoke" label="Revoke device key" danger />
          : null}
        {device.pendingCommand
          ? null
          : <ActionButton device={device} action="factory-reset" label="Factory reset remotely" danger />}
      </section>
      <section class="panel panel-danger" aria-labelledby="remove-device">
        <h2 id="remove-device">Remove Device</h2>
        <p>Remove this device from your account</p>
        <a class="button button-danger" href={`/devices/${device.id}/remove`}>Remove device</a>
      </section>
      <section class="panel" aria-labelledby="audit">
        <h2 id="audit">Activity</h2>
        <AuditTable entries={audit} />
      </section>
    </div>
  );
}

export function RemoveDevicePage({ device }: { device: Device }) {
  return (
    <section class="panel panel-danger" data-testid="remove-confirm">
      <h1>Remove Device</h1>
      <p>This will remove {deviceName(device)} from your account. You can re-register it later.</p>
      <form method="post" action={`/devices/${device.id}/remove`} class="actions">
        <input type="hidden" name="confirm" value="remove" />
        <button type="submit" class="button button-danger">Remove Device</button>
        <a class="button button-quiet" href={`/devices/${device.id}`}>Cancel</a>
      </form>
    </section>
  );
}

export function AdminDevicesPage({ devices, audit }: { devices: Device[]; audit: DeviceAuditEntry[] }) {
  return (
    <div>
      <PageHeader title="Devices" intro="Every registered device, and the latest device events." />
      <div class="table-wrap">
        <table data-testid="admin-devices">
          <thead>
            <tr>
              <th>Serial</th>
              <th>Model</th>
              <th>Linked</th>
              <th>Lock</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => (
              <tr>
                <td>
                  <a href={`/devices/${device.id}`}>{device.serial}</a>
                </td>
                <td>{device.model}</td>
                <td>{device.publicKey ? "yes" : "no"}</td>
                <td>
                  <LockBadge device={device} />
                </td>
                <td>{time(device.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Device events</h2>
      <AuditTable entries={audit} />
    </div>
  );
}

export function CloudAccessPanel({ enabled }: { enabled: boolean }) {
  return (
    <section class="panel" aria-labelledby="mixera-cloud" data-testid="cloud-access">
      <h2 id="mixera-cloud">MIXERA Cloud</h2>
      <h3>Enable Cloud Access for Devices</h3>
      <p>Allow your registered devices to access and download tracks from your Mixera Cloud library</p>
      <p class="muted">
        When enabled, your devices can browse and download tracks from your cloud library. Each device must be
        registered to your account to access your music.
      </p>
      <form method="post" action="/devices/cloud-access" class="actions">
        <input type="hidden" name="enabled" value={enabled ? "off" : "on"} />
        <button type="submit" class="button" aria-pressed={enabled ? "true" : "false"}>
          {enabled ? "Turn off cloud access" : "Turn on cloud access"}
        </button>
        <span data-testid="cloud-access-state">{enabled ? "On" : "Off"}</span>
      </form>
    </section>
  );
}
