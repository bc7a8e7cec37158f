/** @module The admin's plan catalogue: one form per plan, prices as demo data. */
import type { InfinityPlan } from "../../db/schema/infinity.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { planFeatures, YEARLY_DISCOUNT_PERCENT } from "./catalog.ts";

const GB = 1024 ** 3;

function PlanForm(
  { plan, values, errors }: { plan: InfinityPlan; values: Record<string, string>; errors: FieldErrors },
) {
  const featuresId = `field-features-${plan.id}`;
  return (
    <section class="panel" aria-labelledby={`plan-${plan.id}`}>
      <h2 id={`plan-${plan.id}`}>
        {plan.name} {plan.included ? <span class="badge badge-muted">Included</span> : null}
        {plan.offered ? null : <span class="badge badge-muted">Not offered</span>}
      </h2>
      <form method="post" action={`/admin/infinity/plans/${plan.id}`} novalidate>
        {plan.included ? null : (
          <Field
            label={plan.perGb ? "Price per GB per month (€)" : "Monthly price (€)"}
            name="monthlyPrice"
            value={values.monthlyPrice ?? (plan.monthlyPriceCents / 100).toFixed(2)}
            error={errors.monthlyPrice}
            hint={plan.perGb
              ? undefined
              : `The yearly price is computed: 12 months −${YEARLY_DISCOUNT_PERCENT} %.`}
          />
        )}
        {plan.storageBytes !== null && !plan.included
          ? (
            <Field
              label="Storage (GB)"
              name="storageGb"
              value={values.storageGb ?? String(Math.round(plan.storageBytes / GB))}
              error={errors.storageGb}
              inputmode="numeric"
            />
          )
          : null}
        <div class={errors.features ? "field field-invalid" : "field"}>
          <label for={featuresId}>Features (one per line)</label>
          <textarea
            id={featuresId}
            name="features"
            rows={6}
            aria-invalid={errors.features ? "true" : undefined}
          >
            {values.features ?? planFeatures(plan).join("\n")}
          </textarea>
          {errors.features ? <p class="field-error" id={`${featuresId}-error`}>{errors.features}</p> : null}
        </div>
        {plan.included ? null : (
          <div class="field">
            <label class="choice">
              <input
                type="checkbox"
                name="offered"
                checked={values.features !== undefined ? values.offered === "on" : plan.offered}
              />{" "}
              Offered
            </label>
          </div>
        )}
        <button type="submit" class="button">Save {plan.name}</button>
      </form>
    </section>
  );
}

export function PlansAdminPage(
  { plans, editing, values = {}, errors = {}, notice }: {
    plans: InfinityPlan[];
    editing?: string;
    values?: Record<string, string>;
    errors?: FieldErrors;
    notice?: string;
  },
) {
  return (
    <div>
      <PageHeader
        title="Infinity plans"
        intro="Prices and features of MIXERA Infinity (demo data while Infinity is in preview). Plans already sold keep their price."
      />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {plans.map((plan) => (
        <PlanForm
          plan={plan}
          values={plan.id === editing ? values : {}}
          errors={plan.id === editing ? errors : {}}
        />
      ))}
    </div>
  );
}
