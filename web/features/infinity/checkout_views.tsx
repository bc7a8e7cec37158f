/** @module The Infinity mock checkout: plan, billing period, device (for connectivity) and payment method. */
import type { InfinityPlan } from "../../db/schema/infinity.ts";
import { type FieldErrors, Notice } from "../../ui/components.tsx";
import { RadioGroup, SelectField } from "../../ui/choice_fields.tsx";
import { planFeatures } from "./catalog.ts";
import { hasYearlyBilling } from "./pricing.ts";
import { PAYMENT_METHODS } from "./subscriptions.ts";
import { InfinityHeader, priceText, type UpgradableDevice } from "./views.tsx";

export const MOCK_CHECKOUT_NOTICE =
  "This is a mock checkout. No real transaction will take place and nothing is charged.";

const BILLING_LABELS = { monthly: "Monthly", yearly: "Yearly" } as const;

export function CheckoutPage(
  { plan, devices, values, errors = {} }: {
    plan: InfinityPlan;
    devices: UpgradableDevice[];
    values: Record<string, string>;
    errors?: FieldErrors;
  },
) {
  const billing = values.billing === "yearly" ? "yearly" : "monthly";
  return (
    <div>
      <InfinityHeader />
      <section class="panel" aria-labelledby="infinity-checkout">
        <h2 id="infinity-checkout">Checkout (Preview): {plan.name}</h2>
        {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
        <p class="panel-intro">{plan.tagline}</p>
        <ul>
          {planFeatures(plan).map((feature) => <li key={feature}>{feature}</li>)}
        </ul>
        <form method="post" action="/infinity/checkout" novalidate>
          <input type="hidden" name="planId" value={plan.id} />
          {hasYearlyBilling(plan)
            ? (
              <fieldset class={errors.billing ? "field field-invalid choice-group" : "field choice-group"}>
                <legend>Billing</legend>
                {(["monthly", "yearly"] as const).map((option) => (
                  <label class="choice">
                    <input type="radio" name="billing" value={option} checked={option === billing} />{" "}
                    {BILLING_LABELS[option]}: {priceText(plan, option)}
                  </label>
                ))}
                {errors.billing ? <p class="field-error" id="field-billing-error">{errors.billing}</p> : null}
              </fieldset>
            )
            : (
              <>
                <input type="hidden" name="billing" value="monthly" />
                <p>
                  <strong>{priceText(plan, "monthly")}</strong>, billed by use.
                </p>
              </>
            )}
          {plan.family === "connectivity"
            ? (
              <SelectField
                label="Device"
                name="deviceId"
                options={devices.map((device) => device.id)}
                labels={Object.fromEntries(devices.map((device) => [device.id, device.label]))}
                value={values.deviceId}
                error={errors.deviceId}
              />
            )
            : null}
          <RadioGroup
            label="Payment Method"
            name="paymentMethod"
            options={PAYMENT_METHODS}
            value={values.paymentMethod}
            error={errors.paymentMethod}
          />
          <Notice kind="info">{MOCK_CHECKOUT_NOTICE}</Notice>
          <div class="actions">
            <button type="submit" class="button">Confirm (no real transaction)</button>
            <a class="button button-quiet" href="/infinity">Back to Infinity</a>
          </div>
        </form>
      </section>
    </div>
  );
}
