/** @module Form and page building blocks shared by every feature. */
import type { Child } from "hono/jsx";

/** Field name → message, as produced by {@link fieldErrors}. */
export type FieldErrors = Record<string, string | undefined>;

export interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string;
  error?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  inputmode?: "numeric" | "email" | "text";
  maxlength?: number;
  pattern?: string;
}

/** What every labelled control shares: its id, label, hint and inline error. */
export interface LabelledControl {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

/**
 * The frame around one labelled control (label, hint, inline error) with the ids that wire them up;
 * `control` draws the input, select … given its id and the ids that describe it.
 */
export function FieldFrame(
  { props, control }: {
    props: LabelledControl;
    control: (id: string, describedBy: string | undefined) => Child;
  },
) {
  const id = `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(
    " ",
  );
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {control(id, describedBy || undefined)}
      {props.error ? <p class="field-error" id={`${id}-error`}>{props.error}</p> : null}
    </div>
  );
}

/** A labelled input with its hint and inline error, wired up with aria-describedby. */
export function Field(props: FieldProps) {
  return FieldFrame({
    props,
    control: (id, describedBy) => (
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy}
      />
    ),
  });
}

/** A message above a form: "error" for what failed, "success" for what worked. */
export function Notice({ kind, children }: { kind: "error" | "success" | "info"; children: Child }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function PageHeader({ title, intro }: { title: string; intro?: Child }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {intro ? <p class="intro">{intro}</p> : null}
    </header>
  );
}
