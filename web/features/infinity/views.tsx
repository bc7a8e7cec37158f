/** @module The MIXERA Infinity page: preview notice, devices, connectivity, cloud storage, ALL-IN-ONE, subscriptions. */
import { EXTERNAL_PROVIDERS, type ExternalProvider } from "../../db/schema/external_storage.ts";
import type { InfinityPlan, InfinitySubscription } from "../../db/schema/infinity.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { formatEuro } from "../../ui/money.ts";
import { planFeatures, YEARLY_DISCOUNT_PERCENT } from "./catalog.ts";
import { PROVIDERS } from "./external_storage/providers.ts";
import {
  type Billing,
  bundleSavingCents,
  hasYearlyBilling,
  periodPriceCents,
  yearlyPriceCents,
} from "./pricing.ts";

export const PREVIEW_NOTICE =
  "MIXERA Infinity is in preview. Pricing and features shown are for demonstration. Actual availability and pricing may vary at launch.";

/** `2 GB`, `25 GB`, `1.5 MB`: binary units, as quotas are defined. */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A device the user can upgrade, as the device registry describes it. */
export interface UpgradableDevice {
  id: string;
  label: string;
}

export function InfinityHeader() {
  return (
    <>
      <PageHeader
        title="MIXERA Infinity"
        intro={
          <>
            ∞ Upgrades{" "}
            <span class="badge badge-warning" data-testid="preview-mode">Preview Mode - Demo Data</span>
          </>
        }
      />
      <Notice kind="info">{PREVIEW_NOTICE}</Notice>
    </>
  );
}

export function priceText(plan: InfinityPlan, billing: Billing): string {
  if (plan.included) return "Included";
  if (plan.perGb) return `${formatEuro(plan.monthlyPriceCents)} per GB/month`;
  const price = formatEuro(periodPriceCents(plan, billing));
  return billing === "yearly" && hasYearlyBilling(plan) ? `${price}/year` : `${price}/month`;
}

function checkoutLink(plan: InfinityPlan, billing: Billing): string {
  return `/infinity/checkout?${new URLSearchParams({ plan: plan.id, billing })}`;
}

function PlanCard(
  { plan, billing, current, buyable, blockedReason }: {
    plan: InfinityPlan;
    billing: Billing;
    current: boolean;
    buyable: boolean;
    blockedReason?: string;
  },
) {
  return (
    <article data-testid={`plan-${plan.id}`}>
      <h3>{plan.name}</h3>
      <p class="muted">{plan.tagline}</p>
      <p class="price">{priceText(plan, billing)}</p>
      <ul>
        {planFeatures(plan).map((feature) => <li key={feature}>{feature}</li>)}
      </ul>
      {current
        ? <span class="badge">Your plan</span>
        : plan.included
        ? null
        : buyable
        ? <a class="button button-small" href={checkoutLink(plan, billing)}>Choose {plan.name}</a>
        : <p class="muted">{blockedReason}</p>}
    </article>
  );
}

function BillingSwitch({ billing }: { billing: Billing }) {
  return (
    <p class="actions" aria-label="Billing period">
      <a
        class={billing === "monthly" ? "button button-small" : "button button-small button-quiet"}
        href="/infinity"
        aria-current={billing === "monthly" ? "true" : undefined}
      >
        Monthly
      </a>
      <a
        class={billing === "yearly" ? "button button-small" : "button button-small button-quiet"}
        href="/infinity?billing=yearly"
        aria-current={billing === "yearly" ? "true" : undefined}
      >
        Yearly (save {YEARLY_DISCOUNT_PERCENT}%)
      </a>
    </p>
  );
}

function DevicesPanel({ devices, current }: { devices: UpgradableDevice[]; current: CurrentSubscription[] }) {
  const bundle = current.find((c) => c.plan.family === "bundle");
  const planOf = (device: UpgradableDevice) =>
    current.find((c) => c.subscription.deviceId === device.id)?.plan.name ??
      (bundle ? bundle.plan.name : "Basic");
  return (
    <section class="panel" aria-labelledby="infinity-devices">
      <h2 id="infinity-devices">Select Devices for Upgrade</h2>
      <p class="panel-intro">Choose which devices to apply connectivity upgrades</p>
      {devices.length === 0
        ? (
          <p class="muted" data-testid="no-devices">
            No devices connected. <a href="/devices">Register a device first</a>{" "}
            to upgrade its connectivity; ALL-IN-ONE covers all your devices.
          </p>
        )
        : (
          <ul data-testid="upgradable-devices">
            {devices.map((device) => (
              <li key={device.id}>
                {device.label}: <strong>{planOf(device)}</strong>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}

function ConnectivityPanel(
  { plans, billing, hasDevices }: { plans: InfinityPlan[]; billing: Billing; hasDevices: boolean },
) {
  return (
    <section class="panel" aria-labelledby="infinity-connectivity">
      <h2 id="infinity-connectivity">Controller Connectivity</h2>
      <p class="panel-intro">
        Your MIXERA CTRL one includes a built-in eSIM with 10 MB/month for telemetry and device security.
        Upgrade to unlock cloud music streaming and SoundCloud integration.
      </p>
      <p class="muted">
        Alternative options: You can use all streaming features for free when connected to WiFi/LAN or your
        phone's hotspot. You can also activate your own eSIM directly on the device.
      </p>
      <div class="cards">
        {plans.map((plan) => (
          <PlanCard
            plan={plan}
            billing={billing}
            current={false}
            buyable={hasDevices}
            blockedReason="Register a device first."
          />
        ))}
      </div>
      <h3>Use Your Own eSIM</h3>
      <p class="muted">Activate any compatible eSIM directly on your device for full flexibility</p>
    </section>
  );
}

function StoragePanel(
  { plans, billing, current, storedBytes, quotaBytes }: {
    plans: InfinityPlan[];
    billing: Billing;
    current?: InfinitySubscription;
    storedBytes: number;
    quotaBytes: number;
  },
) {
  return (
    <section class="panel" aria-labelledby="infinity-storage">
      <h2 id="infinity-storage">MIXERA Cloud Storage</h2>
      <p class="panel-intro">
        Your account includes 2 GB of cloud storage. Upgrade for more space to store and sync your tracks.
      </p>
      <p data-testid="cloud-quota">
        You store <strong>{formatBytes(storedBytes)}</strong> of <strong>{formatBytes(quotaBytes)}</strong>.
      </p>
      <div class="cards">
        {plans.map((plan) => (
          <PlanCard
            plan={plan}
            billing={billing}
            current={current ? current.planId === plan.id : plan.included}
            buyable
          />
        ))}
      </div>
    </section>
  );
}

/** What the page knows about external storage: the user's link and which providers this portal offers. */
export interface ExternalStorageState {
  link?: { provider: ExternalProvider; accountLabel: string };
  configured: Record<ExternalProvider, boolean>;
}

function ExternalStoragePanel({ state }: { state: ExternalStorageState }) {
  const link = state.link;
  return (
    <section class="panel" aria-labelledby="infinity-external">
      <h2 id="infinity-external">Connect External Storage</h2>
      <p class="panel-intro">Link your existing Google Drive or Dropbox account for cloud storage.</p>
      <p data-testid="external-storage-state">
        {link ? `Connected: ${PROVIDERS[link.provider].name} (${link.accountLabel})` : "Not connected"}
      </p>
      {link
        ? (
          <>
            <p class="muted">Direct push to devices is off while external storage is connected.</p>
            <form method="post" action="/infinity/external-storage/disconnect" class="actions">
              <button type="submit" class="button button-quiet">
                Disconnect {PROVIDERS[link.provider].name}
              </button>
            </form>
          </>
        )
        : (
          <div class="actions">
            {EXTERNAL_PROVIDERS.map((provider) =>
              state.configured[provider]
                ? (
                  <form method="post" action={`/infinity/external-storage/${provider}/connect`}>
                    <button type="submit" class="button button-quiet">
                      Connect {PROVIDERS[provider].name}
                    </button>
                  </form>
                )
                : (
                  <button type="button" class="button button-quiet" disabled>
                    {PROVIDERS[provider].name}: not configured on this portal
                  </button>
                )
            )}
          </div>
        )}
      <p class="muted">
        Note: Using external storage disables direct push to devices. You'll need to manually download tracks
        to your device via WiFi/USB.
      </p>
    </section>
  );
}

function BundlePanel(
  { bundle, plans, billing, current }: {
    bundle: InfinityPlan;
    plans: InfinityPlan[];
    billing: Billing;
    current: boolean;
  },
) {
  const saving = bundleSavingCents(bundle, plans);
  return (
    <section class="panel" aria-labelledby="infinity-bundle" data-testid={`plan-${bundle.id}`}>
      <h2 id="infinity-bundle">{bundle.name}</h2>
      <p class="panel-intro">{bundle.tagline}</p>
      <p class="price">
        {formatEuro(bundle.monthlyPriceCents)}
        <span class="muted">/month</span>
      </p>
      {saving >= 100
        ? (
          <p data-testid="bundle-saving">
            Save {formatEuro(Math.floor(saving / 100) * 100).replace(/\.00$/, "")}+/month vs separate plans
          </p>
        )
        : null}
      <ul>
        {planFeatures(bundle).map((feature) => <li key={feature}>{feature}</li>)}
      </ul>
      <p>
        Or save {YEARLY_DISCOUNT_PERCENT}% with yearly billing:{" "}
        <strong data-testid="bundle-yearly">
          {formatEuro(yearlyPriceCents(bundle.monthlyPriceCents))}/year
        </strong>
      </p>
      {current
        ? <span class="badge">Your plan</span>
        : <a class="button" href={checkoutLink(bundle, billing)}>Choose ALL-IN-ONE</a>}
    </section>
  );
}

export interface CurrentSubscription {
  subscription: InfinitySubscription;
  plan: InfinityPlan;
  deviceLabel?: string;
}

function SubscriptionsPanel({ current }: { current: CurrentSubscription[] }) {
  return (
    <section class="panel" aria-labelledby="infinity-current">
      <h2 id="infinity-current">Your Current Subscription</h2>
      {current.length === 0 ? <p class="muted">No active paid plans</p> : (
        <div class="table-wrap">
          <table data-testid="infinity-subscriptions">
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Billing</th>
                <th scope="col">Price</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span class="muted">Cancel</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {current.map(({ subscription, plan, deviceLabel }) => (
                <tr>
                  <td>
                    {plan.name}
                    {deviceLabel ? <div class="muted">{deviceLabel}</div> : null}
                  </td>
                  <td>{plan.perGb ? "By use" : subscription.billing === "yearly" ? "Yearly" : "Monthly"}</td>
                  <td>
                    {plan.perGb
                      ? `${formatEuro(subscription.priceCents)} per GB/month`
                      : `${formatEuro(subscription.priceCents)}/${
                        subscription.billing === "yearly" ? "year" : "month"
                      }`}
                  </td>
                  <td>{subscription.startedAt.toISOString().slice(0, 10)}</td>
                  <td>
                    <form method="post" action={`/infinity/subscriptions/${subscription.id}/cancel`}>
                      <button type="submit" class="button button-small button-quiet">
                        Cancel {plan.name}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export interface InfinityPageProps {
  plans: InfinityPlan[];
  billing: Billing;
  devices: UpgradableDevice[];
  current: CurrentSubscription[];
  storedBytes: number;
  quotaBytes: number;
  externalStorage: ExternalStorageState;
  notice?: string;
  error?: string;
}

export function InfinityPage(props: InfinityPageProps) {
  const { plans, billing, current } = props;
  const offered = (family: InfinityPlan["family"]) =>
    plans.filter((plan) => plan.family === family && (plan.offered || plan.included));
  const bundle = plans.find((plan) => plan.family === "bundle" && plan.offered);
  const currentStorage = current.find((c) => c.subscription.slot === "storage")?.subscription;
  return (
    <div>
      <InfinityHeader />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <BillingSwitch billing={billing} />
      <DevicesPanel devices={props.devices} current={current} />
      <ConnectivityPanel
        plans={offered("connectivity")}
        billing={billing}
        hasDevices={props.devices.length > 0}
      />
      <StoragePanel
        plans={offered("storage")}
        billing={billing}
        current={currentStorage}
        storedBytes={props.storedBytes}
        quotaBytes={props.quotaBytes}
      />
      <ExternalStoragePanel state={props.externalStorage} />
      {bundle
        ? (
          <BundlePanel
            bundle={bundle}
            plans={plans}
            billing={billing}
            current={current.some((c) => c.plan.id === bundle.id)}
          />
        )
        : null}
      <SubscriptionsPanel current={current} />
    </div>
  );
}
