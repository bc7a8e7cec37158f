/** @module The admin's rental inventory: every item with its price, units and whether it is offered. */
import type { RentItem } from "../../db/schema/rent.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { SelectField } from "../../ui/choice_fields.tsx";
import { ITEM_CATEGORIES } from "./inventory.ts";

function centsText(cents: number): string {
  return (cents / 100).toFixed(2);
}

function ItemFields(
  { item, values, errors }: { item?: RentItem; values: Record<string, string>; errors: FieldErrors },
) {
  return (
    <>
      <Field label="Name" name="name" value={values.name ?? item?.name} error={errors.name} maxlength={80} />
      <SelectField
        label="Category"
        name="category"
        options={ITEM_CATEGORIES}
        value={values.category ?? item?.category}
        error={errors.category}
      />
      <Field
        label="Description"
        name="description"
        value={values.description ?? item?.description}
        error={errors.description}
        required={false}
        maxlength={300}
      />
      <Field
        label="Daily price (€)"
        name="dailyPrice"
        value={values.dailyPrice ?? (item ? centsText(item.dailyPriceCents) : undefined)}
        error={errors.dailyPrice}
        inputmode="text"
      />
      <Field
        label="Units owned"
        name="quantity"
        value={values.quantity ?? (item ? String(item.quantity) : undefined)}
        error={errors.quantity}
        inputmode="numeric"
        hint="Lowering it never touches confirmed bookings; it limits what is offered from now on."
      />
      <div class="field">
        <label class="choice">
          <input
            type="checkbox"
            name="active"
            checked={values.active !== undefined ? values.active === "on" : (item?.active ?? true)}
          />{" "}
          Offered for rent
        </label>
      </div>
    </>
  );
}

export function InventoryPage(
  { items, editing, values = {}, errors = {}, notice }: {
    items: RentItem[];
    /** The item whose form the values and errors belong to; "new" for the add form. */
    editing?: string;
    values?: Record<string, string>;
    errors?: FieldErrors;
    notice?: string;
  },
) {
  const formState = (key: string) => editing === key ? { values, errors } : { values: {}, errors: {} };
  return (
    <div>
      <PageHeader
        title="Rental inventory"
        intro="What Rent Technology offers. Availability for a date range is the units owned minus confirmed bookings."
      />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {editing && errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      <section class="panel" aria-labelledby="inventory-new">
        <h2 id="inventory-new">Add an item</h2>
        <form method="post" action="/admin/rent/items" novalidate>
          <ItemFields {...formState("new")} />
          <button type="submit" class="button">Add item</button>
        </form>
      </section>
      {items.map((item) => (
        <section class="panel" aria-labelledby={`inventory-${item.id}`}>
          <h2 id={`inventory-${item.id}`}>
            {item.name} {item.active ? null : <span class="badge badge-muted">Not offered</span>}
          </h2>
          <form method="post" action={`/admin/rent/items/${item.id}`} novalidate>
            <ItemFields item={item} {...formState(item.id)} />
            <button type="submit" class="button">Save {item.name}</button>
          </form>
        </section>
      ))}
    </div>
  );
}
