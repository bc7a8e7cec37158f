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

/** A labelled input with its hint and inline error, wired up with aria-describedby. */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(
    " ",
  );
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
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
        aria-describedby={describedBy || undefined}
      />
      {props.error ? <p class="field-error" id={`${id}-error`}>{props.error}</p> : null}
    </div>
  );
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
