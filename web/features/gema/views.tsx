/**
 * @module
 * The GEMA License Calculator page: the event form, the estimate with every line of the computation, the
 * "MIXEY – GEMA Expert" panel and the common tariffs. The form posts without JavaScript; with htmx the
 * estimate is recomputed as the user types.
 */
import type { Child } from "hono/jsx";
import { type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { type Estimate, formatEuros } from "./estimate.ts";
import type { ExpertAnswer, ExpertKnowledge } from "./expert.ts";
import { GREETING_TOPICS, MAX_QUESTION_LENGTH, topicById } from "./expert.ts";
import type { GemaRates } from "./rates.ts";
import { rateYears } from "./rates.ts";
import commonTariffs from "./data/common_tariffs.json" with { type: "json" };
import { gemaStyles } from "./styles.ts";

export interface CalculatorProps {
  rates: GemaRates;
  values: Record<string, string>;
  errors: FieldErrors;
  estimate?: Estimate;
  knowledge: ExpertKnowledge;
  answer?: ExpertAnswer;
  question?: string;
}

const TARIFF_REASONS: Record<string, string> = {
  "M-V": "M-V applies: the music is recorded (a DJ plays tracks), and GEMA also collects the GVL share.",
  "U-V": "U-V applies: live musicians perform, so no GVL surcharge for recordings is added.",
};

function FieldShell(
  { name, label, hint, error, children }: {
    name: string;
    label: string;
    hint?: string;
    error?: string;
    children: Child;
  },
) {
  const id = `field-${name}`;
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {children}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

function describedBy(name: string, hint: boolean, error: string | undefined): string | undefined {
  return [hint ? `field-${name}-hint` : "", error ? `field-${name}-error` : ""].filter(Boolean).join(" ") ||
    undefined;
}

function NumberField(
  { name, label, hint, values, errors, placeholder }: {
    name: string;
    label: string;
    hint?: string;
    values: Record<string, string>;
    errors: FieldErrors;
    placeholder?: string;
  },
) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={errors[name]}>
      <input
        id={`field-${name}`}
        name={name}
        inputmode="decimal"
        value={values[name] ?? ""}
        placeholder={placeholder}
        maxlength={16}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={describedBy(name, Boolean(hint), errors[name])}
      />
    </FieldShell>
  );
}

function Choice(
  { name, label, options, values, errors, hint }: {
    name: string;
    label: string;
    options: [string, string][];
    values: Record<string, string>;
    errors: FieldErrors;
    hint?: string;
  },
) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={errors[name]}>
      <select
        id={`field-${name}`}
        name={name}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={describedBy(name, Boolean(hint), errors[name])}
      >
        {options.map(([value, text]) => (
          <option value={value} selected={values[name] === value}>{text}</option>
        ))}
      </select>
    </FieldShell>
  );
}

function Checkbox(
  { name, label, hint, values }: {
    name: string;
    label: string;
    hint: string;
    values: Record<string, string>;
  },
) {
  return (
    <div class="field gema-check">
      <label>
        <input
          type="checkbox"
          name={name}
          checked={values[name] === "on"}
          aria-describedby={`field-${name}-hint`}
        />
        {label}
      </label>
      <p class="hint" id={`field-${name}-hint`}>{hint}</p>
    </div>
  );
}

function EventForm({ rates, values, errors }: Pick<CalculatorProps, "rates" | "values" | "errors">) {
  const tariff = values.tariff === "U-V" ? "U-V" : "M-V";
  const years = rateYears(rates, tariff).map((year): [string, string] => [String(year), `${year} rates`]);
  return (
    <section class="panel" aria-labelledby="event-details">
      <h2 id="event-details">Event Details</h2>
      <form
        method="post"
        action="/gema-calculator"
        hx-post="/gema-calculator"
        hx-trigger="input delay:300ms, submit"
        hx-target="#gema-result"
        hx-select="#gema-result"
        hx-swap="outerHTML"
        novalidate
      >
        <Choice
          name="tariff"
          label="Tariff"
          options={[["M-V", "M-V – recorded music (DJ)"], ["U-V", "U-V – live musicians"]]}
          values={values}
          errors={errors}
          hint="M-V for recorded music (DJ sets), U-V when musicians play live. The estimate says why."
        />
        <Choice
          name="year"
          label="Rate year"
          options={years}
          values={values}
          errors={errors}
          hint="The newest published figures with a verifiable source; GEMA raises its rates most years, so expect more."
        />
        <NumberField
          name="area"
          label="Area in m²"
          hint="Wall to wall, galleries included; charged per started 100 m²."
          values={values}
          errors={errors}
          placeholder="500"
        />
        <NumberField
          name="admission"
          label="Highest admission price (€, net)"
          hint="Enter 0 for free events"
          values={values}
          errors={errors}
          placeholder="10"
        />
        <NumberField
          name="duration"
          label="Duration in hours"
          hint="Up to 8 h included; each further started 2 h adds 25 %."
          values={values}
          errors={errors}
        />
        <Checkbox
          name="framework"
          label="Framework-contract discount (−20 %)"
          hint="Member of an association with a GEMA framework contract (BVMV, DEHOGA, DOSB, …). Only when registered on time."
          values={values}
        />
        <Choice
          name="registration"
          label="Registration with GEMA"
          options={[
            ["on_time", "Registered on time (at least 3 days before)"],
            ["late", "Late or unregistered (+100 % control-cost surcharge)"],
          ]}
          values={values}
          errors={errors}
        />
        <Checkbox
          name="arrangement"
          label="Arrangement price (food and drink included)"
          hint="2/3 of an arrangement price up to €64 is deducted as a flat share before admission is counted."
          values={values}
        />
        <Choice
          name="vat"
          label="VAT"
          options={[["reduced", "7 % (GEMA's tariffs)"], ["standard", "19 % (standard rate)"]]}
          values={values}
          errors={errors}
          hint="GEMA's tariffs are net plus currently 7 %. Choose 19 % only if your invoice uses the standard rate."
        />
        <NumberField
          name="djCopies"
          label="DJ copy licence (VR-Ö): copies per year"
          hint="Optional. Files copied to a laptop, controller or the cloud; priced per started 500 copies a year."
          values={values}
          errors={errors}
          placeholder="0"
        />
        <button type="submit" class="button">Calculate</button>
      </form>
    </section>
  );
}

function EstimateLines({ estimate }: { estimate: Estimate }) {
  return (
    <div class="table-wrap">
      <table class="gema-lines" data-testid="gema-lines">
        <tbody>
          {estimate.lines.map((line) => (
            <tr class={`gema-line gema-line-${line.kind}`}>
              <th scope="row">
                {line.label}
                <span class="muted gema-detail">{line.detail}</span>
              </th>
              <td>{formatEuros(line.cents)}</td>
            </tr>
          ))}
          <tr class="gema-line gema-line-total">
            <th scope="row">Net</th>
            <td data-testid="gema-net">{formatEuros(estimate.netCents)}</td>
          </tr>
          <tr class="gema-line">
            <th scope="row">+ VAT ({Math.round(estimate.vatRate * 100)} %)</th>
            <td data-testid="gema-vat">{formatEuros(estimate.vatCents)}</td>
          </tr>
          <tr class="gema-line gema-line-total">
            <th scope="row">Estimated GEMA fee incl. VAT</th>
            <td data-testid="gema-gross">{formatEuros(estimate.grossCents)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function RateSource({ estimate }: { estimate: Estimate }) {
  const { rateSet } = estimate;
  return (
    <details class="gema-sources">
      <summary>Rates: {rateSet.tariff} {rateSet.year} and their sources</summary>
      {rateSet.note ? <p>{rateSet.note}</p> : null}
      <ul>
        {rateSet.sources.map((source) => (
          <li>
            <a href={source.url} rel="noopener noreferrer">{source.label}</a>
          </li>
        ))}
      </ul>
    </details>
  );
}

function Result({ estimate, errors }: { estimate?: Estimate; errors: FieldErrors }) {
  const problems = Object.values(errors).filter((message): message is string => Boolean(message));
  return (
    <section class="panel gema-result" id="gema-result" aria-labelledby="gema-fee" aria-live="polite">
      <h2 id="gema-fee">Estimated GEMA Fee</h2>
      {problems.length
        ? (
          <Notice kind="error">
            <ul data-testid="gema-errors">{problems.map((message) => <li key={message}>{message}</li>)}</ul>
          </Notice>
        )
        : null}
      {estimate && !problems.length
        ? (
          <>
            <p class="gema-headline">
              Tariff: {estimate.rateSet.tariff} <strong>{formatEuros(estimate.netCents)}</strong>
              <span class="muted">+ VAT ({Math.round(estimate.vatRate * 100)} %)</span>
            </p>
            <p class="hint" data-testid="gema-tariff-reason">{TARIFF_REASONS[estimate.rateSet.tariff]}</p>
            <EstimateLines estimate={estimate} />
            {estimate.notes.map((note) => <p key={note} class="hint">{note}</p>)}
            {estimate.copyLicence
              ? (
                <p data-testid="gema-copy-licence">
                  Plus, per year, the DJ's own copy licence (VR-Ö): {estimate.copyLicence.detail} ={" "}
                  {formatEuros(estimate.copyLicence.netCents)} net,{" "}
                  {formatEuros(estimate.copyLicence.grossCents)} incl. VAT.
                </p>
              )
              : null}
            <RateSource estimate={estimate} />
          </>
        )
        : (
          <p class="gema-headline">
            Tariff: - <strong>€0.00</strong> <span class="muted">+ VAT (7% or 19%)</span>
          </p>
        )}
      <p class="hint">
        This estimate is based on GEMA's general tariff structure. Special events, recurring events, or venues
        with existing GEMA contracts may have different rates.
      </p>
    </section>
  );
}

function ExpertReply(
  { answer, knowledge, error }: { answer?: ExpertAnswer; knowledge: ExpertKnowledge; error?: string },
) {
  if (error) {
    return (
      <div id="mixey-answer" class="mixey-answer field-error" role="alert" data-testid="mixey-answer">
        {error}
      </div>
    );
  }
  if (!answer) return <div id="mixey-answer"></div>;
  const contact = answer.kind === "unknown" || answer.topic.contactGema;
  return (
    <div id="mixey-answer" class="mixey-answer" role="status" data-testid="mixey-answer">
      {answer.kind === "topic"
        ? (
          <>
            <h3>{answer.topic.question}</h3>
            <p>{answer.topic.answer}</p>
            <p class="hint">
              Sources: {answer.topic.sources.map((source, index) => (
                <>
                  {index ? " · " : ""}
                  <a href={source.url} rel="noopener noreferrer">{source.label}</a>
                </>
              ))}
            </p>
          </>
        )
        : <p>{answer.message}</p>}
      {contact
        ? (
          <p>
            For a binding answer or an official quote:{" "}
            <a href={knowledge.contact.url} rel="noopener noreferrer">
              {knowledge.contact.label}
            </a>.
          </p>
        )
        : null}
    </div>
  );
}

function ExpertPanel(
  { knowledge, answer, question, errors }: Pick<CalculatorProps, "knowledge" | "answer" | "question"> & {
    errors: FieldErrors;
  },
) {
  const expertTarget = {
    "hx-target": "#mixey-answer",
    "hx-select": "#mixey-answer",
    "hx-swap": "outerHTML",
  };
  return (
    <section class="panel mixey" id="mixey" aria-labelledby="mixey-title">
      <h2 id="mixey-title">
        MIXEY <span class="badge">GEMA Expert</span>
      </h2>
      <p>Hi! I'm here to help you understand GEMA licensing. Ask me anything about:</p>
      <ul class="mixey-topics">
        {GREETING_TOPICS.map((id) => topicById(knowledge, id)!).map((topic) => (
          <li>
            <a
              href={`/gema-calculator/expert?topic=${topic.id}#mixey`}
              hx-get={`/gema-calculator/expert?topic=${topic.id}`}
              {...expertTarget}
            >
              • {topic.question}
            </a>
          </li>
        ))}
      </ul>
      <form
        method="get"
        action="/gema-calculator/expert#mixey"
        hx-get="/gema-calculator/expert"
        {...expertTarget}
      >
        <div class={errors.q ? "field field-invalid" : "field"}>
          <label for="field-q">Your question</label>
          <input
            id="field-q"
            name="q"
            value={question ?? ""}
            maxlength={MAX_QUESTION_LENGTH}
            placeholder="Do I get the discount if I register late?"
            aria-invalid={errors.q ? "true" : undefined}
          />
        </div>
        <button type="submit" class="button button-small">Ask MIXEY</button>
      </form>
      <ExpertReply answer={answer} knowledge={knowledge} error={errors.q} />
    </section>
  );
}

function CommonTariffs() {
  return (
    <section class="panel" aria-labelledby="common-tariffs">
      <h2 id="common-tariffs">Common Tariffs</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Tariff</th>
              <th>Use</th>
              <th>Billing</th>
            </tr>
          </thead>
          <tbody>
            {commonTariffs.map((tariff) => (
              <tr>
                <td>
                  <strong>{tariff.tariff}</strong>
                </td>
                <td>{tariff.use}</td>
                <td>{tariff.billing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function CalculatorPage(props: CalculatorProps & { questionErrors?: FieldErrors }) {
  return (
    <div class="gema">
      <gemaStyles.Link />
      <PageHeader title="GEMA License Calculator" />
      <p>
        <a href="https://www.gema.de/" rel="noopener noreferrer">gema.de</a>{" "}
        <span class="badge badge-warning">Estimate Only - Not Official</span>
      </p>
      <Notice kind="info">
        This calculator provides rough estimates based on GEMA's public tariff information. Actual fees may
        vary. Always contact GEMA directly for official quotes and licensing.
      </Notice>
      <div class="gema-grid">
        <EventForm rates={props.rates} values={props.values} errors={props.errors} />
        <Result estimate={props.estimate} errors={props.errors} />
      </div>
      <ExpertPanel
        knowledge={props.knowledge}
        answer={props.answer}
        question={props.question}
        errors={props.questionErrors ?? {}}
      />
      <CommonTariffs />
    </div>
  );
}
