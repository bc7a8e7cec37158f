/**
 * @module
 * /dev/mailbox: the mail the dev outbox transport captured. Mounted only when MIXERA_ENV=development;
 * it shows every mail to everyone, which is only acceptable on a developer's own machine.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { readOutbox } from "../../mail/dev_outbox.ts";
import { PageHeader } from "../../ui/components.tsx";
import { formatTime } from "../../ui/format.ts";
import { renderPage } from "../../ui/render.tsx";
import { isAllowedHost, requestHost } from "../../security/host.ts";

/** Mail text with its http(s) links made clickable. */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <pre class="mail">{parts.map((part, index) => index % 2 === 1 ? <a key={index} href={part}>{part}</a> : part)}</pre>
  );
}

export const devMailboxRoutes = new Hono<AppEnv>();

// A page of another site whose name resolves to this machine (DNS rebinding) must not read the mail.
devMailboxRoutes.use("/dev/mailbox", async (c, next) => {
  if (!isAllowedHost(requestHost(c.req.raw), c.var.deps.config)) {
    return c.text("Forbidden: the dev mailbox answers only to the portal's own host names.", 403);
  }
  await next();
});

devMailboxRoutes.get("/dev/mailbox", async (c) => {
  const to = c.req.query("to")?.trim().toLowerCase() || undefined;
  const mails = await readOutbox(c.var.deps.db, to);
  return renderPage(c, {
    title: "Dev mailbox",
    variant: "card",
    body: (
      <section class="content">
        <PageHeader
          title="Dev mailbox"
          intro="Mail the portal would have sent, newest first. Only shown in development mode."
        />
        {mails.length === 0 ? <p class="muted">No mail yet.</p> : null}
        {mails.map((mail) => (
          <article class="panel mail-item" data-to={mail.to}>
            <h2>{mail.subject}</h2>
            <p class="muted">
              To {mail.to} · {formatTime(mail.sentAt, "second")}
            </p>
            <MailText text={mail.text} />
          </article>
        ))}
      </section>
    ),
  });
});
