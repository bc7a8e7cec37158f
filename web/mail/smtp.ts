/** @module The production transport: SMTP through nodemailer, configured by `SMTP_URL`. */
import nodemailer from "nodemailer";
import type { Mailer } from "./mailer.ts";

/** `from` defaults to no-reply at the portal's host name. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
