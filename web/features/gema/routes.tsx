/**
 * @module
 * GEMA License Calculator routes. The page is public (it stores nothing): `POST /gema-calculator` computes an
 * estimate from the form (422 with inline errors for bad input), `GET /gema-calculator/expert` answers a
 * question or one of the greeting topics from the knowledge base.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { parseForm } from "../../http/forms.ts";
import { renderPage } from "../../ui/render.tsx";
import {
  answerQuestion,
  type ExpertAnswer,
  GEMA_KNOWLEDGE,
  MAX_QUESTION_LENGTH,
  topicById,
} from "./expert.ts";
import { estimateGemaFee } from "./estimate.ts";
import { defaultFormValues, parseGemaForm } from "./form.ts";
import { GEMA_RATES } from "./rates.ts";
import { gemaStyles } from "./styles.ts";
import { CalculatorPage } from "./views.tsx";

const TITLE = "GEMA License Calculator";

function calculate(c: Context<AppEnv>, values: Record<string, string>) {
  const parsed = parseGemaForm(values);
  const estimate = parsed.ok ? estimateGemaFee(GEMA_RATES, parsed.event) : undefined;
  const errors = parsed.ok ? (estimate ? {} : { year: "No rates for this tariff and year" }) : parsed.errors;
  return renderPage(c, {
    title: TITLE,
    status: estimate ? 200 : 422,
    body: (
      <CalculatorPage
        rates={GEMA_RATES}
        values={values}
        errors={errors}
        estimate={estimate}
        knowledge={GEMA_KNOWLEDGE}
      />
    ),
  });
}

const ExpertQuerySchema = z.object({
  q: z.string().trim().max(MAX_QUESTION_LENGTH, `Ask in at most ${MAX_QUESTION_LENGTH} characters`)
    .optional(),
  topic: z.string().max(64).optional(),
});

export const gemaRoutes = new Hono<AppEnv>();

gemaRoutes.route("/", gemaStyles.routes);

gemaRoutes.get("/gema-calculator", (c) =>
  renderPage(c, {
    title: TITLE,
    body: (
      <CalculatorPage
        rates={GEMA_RATES}
        values={defaultFormValues()}
        errors={{}}
        knowledge={GEMA_KNOWLEDGE}
      />
    ),
  }));

gemaRoutes.post("/gema-calculator", async (c) => {
  const form = await parseForm(c, z.record(z.string(), z.string()));
  if (!form.ok && form.tooLarge) {
    return renderPage(c, {
      title: TITLE,
      status: 413,
      body: (
        <CalculatorPage
          rates={GEMA_RATES}
          values={defaultFormValues()}
          errors={{ _form: "The form is too large." }}
          knowledge={GEMA_KNOWLEDGE}
        />
      ),
    });
  }
  return calculate(c, form.values);
});

gemaRoutes.get("/gema-calculator/expert", (c) => {
  const query = ExpertQuerySchema.safeParse(c.req.query());
  let answer: ExpertAnswer | undefined;
  let questionErrors: Record<string, string> = {};
  if (!query.success) {
    questionErrors = { q: query.error.issues[0].message };
  } else if (query.data.topic) {
    const topic = topicById(GEMA_KNOWLEDGE, query.data.topic);
    if (topic) answer = { kind: "topic", topic };
    else questionErrors = { q: "There is no such topic: ask your question in your own words" };
  } else if (query.data.q) {
    answer = answerQuestion(GEMA_KNOWLEDGE, query.data.q);
  } else {
    questionErrors = { q: "Type a question for MIXEY" };
  }
  return renderPage(c, {
    title: TITLE,
    status: answer ? 200 : 422,
    body: (
      <CalculatorPage
        rates={GEMA_RATES}
        values={defaultFormValues()}
        errors={{}}
        knowledge={GEMA_KNOWLEDGE}
        answer={answer}
        question={query.success ? query.data.q : undefined}
        questionErrors={questionErrors}
      />
    ),
  });
});
