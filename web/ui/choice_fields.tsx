/** @module Form controls beyond text inputs: a labelled select and a radio group, with inline errors. */
import { FieldFrame, type LabelledControl } from "./components.tsx";

export interface ChoiceProps extends LabelledControl {
  options: readonly string[];
  /** Text shown for an option when it differs from its value. */
  labels?: Readonly<Record<string, string>>;
  value?: string;
}

/** A labelled `<select>`; the first option reads "Choose…" until one is picked. */
export function SelectField(props: ChoiceProps) {
  return FieldFrame({
    props,
    control: (id, describedBy) => (
      <select
        id={id}
        name={props.name}
        required
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy}
      >
        <option value="" selected={!props.value}>Choose…</option>
        {props.options.map((option) => (
          <option key={option} value={option} selected={option === props.value}>
            {props.labels?.[option] ?? option}
          </option>
        ))}
      </select>
    ),
  });
}

/** A fieldset of radio buttons, one per option. */
export function RadioGroup(props: ChoiceProps) {
  const id = `field-${props.name}`;
  return (
    <fieldset
      class={props.error ? "field field-invalid choice-group" : "field choice-group"}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.label}</legend>
      {props.options.map((option, index) => (
        <label class="choice">
          <input
            type="radio"
            name={props.name}
            value={option}
            id={index === 0 ? id : undefined}
            checked={option === props.value}
            required
          />{" "}
          {option}
        </label>
      ))}
      {props.error ? <p class="field-error" id={`${id}-error`}>{props.error}</p> : null}
    </fieldset>
  );
}
