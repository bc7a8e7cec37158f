/** @module Routes of signing up, in and out, verifying the email address and resetting the password. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { safeNextPath, signInRedirect } from "../../auth/middleware.ts";
import {
  createSession,
  deleteSessionCookie,
  invalidateSession,
  setSessionCookie,
} from "../../auth/session.ts";
import { sendLater } from "../../mail/send_later.ts";
import { newPasswordSchema } from "../../auth/password.ts";
import { parseForm } from "../../http/forms.ts";
import { clientIp } from "../../http/client_ip.ts";
import { enforceRateLimits, tooManyRequests } from "../../http/too_many_requests.ts";
import { resetRateLimit } from "../../security/rate_limit.ts";
import { type BackoffPolicy, checkBackoff, recordFailure } from "../../security/failure_backoff.ts";
import { issueDeviceCookie, trustedDeviceId } from "../../auth/device_cookie.ts";
import { renderPage } from "../../ui/render.tsx";
import type { User } from "../../db/schema/users.ts";
import type { Context, MiddlewareHandler } from "hono";
import {
  applyAdminEmails,
  checkCredentials,
  createAccount,
  emailSchema,
  findUserByEmail,
  signInSchema,
  signUpSchema,
} from "./accounts.ts";
import { LIMITS, SIGN_IN_BACKOFF } from "./limits.ts";
import { isResetTokenValid, requestPasswordReset, resetPassword } from "./password_reset.ts";
import {
  mailVerificationCode,
  newVerificationCode,
  resendPendingSignUpCode,
  sendVerificationCode,
  verifyEmailCode,
  verifyPendingSignUp,
} from "./verification.ts";
import {
  deletePendingSignUpCookie,
  newPendingNonce,
  pendingCodeId,
  readPendingSignUp,
  setPendingSignUpCookie,
} from "./pending_sign_up.ts";
// Declares whose rows the account tables hold, for data export and account deletion.
import "./user_data.ts";
import {
  EmailVerifiedPage,
  PendingSignUpPage,
  ResetLinkInvalidPage,
  ResetPasswordPage,
  ResetRequestPage,
  ResetRequestSentPage,
  SignInPage,
  SignUpPage,
  VerifyEmailPage,
} from "./views.tsx";

const WRONG_CODE = "That code is not right or has expired. Check the mail or send a new code.";

const NEW_CODE_SENT = "We sent you a new code. Older codes no longer work.";

/** Fixed messages for `?notice=` so no text from the URL is ever echoed into the page. */
const SIGN_IN_NOTICES: Record<string, string> = {
  "password-reset": "Your password was changed. Sign in with the new one.",
  "signed-out": "You are signed out.",
};

async function startSession(c: Context<AppEnv>, user: User): Promise<void> {
  const { db, clock } = c.var.deps;
  const { session, token } = await createSession(db, user.id, {
    userAgent: c.req.header("user-agent") ?? "",
    ip: clientIp(c),
  }, clock.now());
  setSessionCookie(c, token, session.expiresAt);
  issueDeviceCookie(c, user);
  deletePendingSignUpCookie(c);
}

/** /verify-email serves signed-in users and browsers with a pending sign-up; others go to sign-in. */
function requireUserOrPendingSignUp(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user && !readPendingSignUp(c)) return signInRedirect(c);
    await next();
  };
}

export const authRoutes = new Hono<AppEnv>();

authRoutes.get("/signup", (c) => {
  if (c.var.user) return c.redirect("/", 303);
  return renderPage(c, { title: "Create account", variant: "card", body: <SignUpPage /> });
});

authRoutes.post("/signup", async (c) => {
  const { db, clock, config } = c.var.deps;
  const form = await parseForm(c, signUpSchema);
  if (!form.ok) {
    return renderPage(c, {
      title: "Create account",
      variant: "card",
      status: form.tooLarge ? 413 : 422,
      body: <SignUpPage values={form.values} errors={form.errors} />,
    });
  }
  await enforceRateLimits(c, [[`signup:ip:${clientIp(c)}`, LIMITS.signUpPerIp]]);
  // Nobody is signed in here: a new address and a taken one both get a pending sign-up, and only the
  // code mailed for a new account turns it into a session, so no answer of this flow tells them apart.
  const nonce = newPendingNonce();
  const firstCode = newVerificationCode(clock.now(), pendingCodeId(nonce));
  const result = await createAccount(db, form.data, { now: clock.now(), firstCode: firstCode.row });
  if (result.ok) {
    mailVerificationCode(c.var.deps.mailer, result.user, firstCode.code);
  } else {
    // The same answer as a new account, so sign-up cannot be used to learn who has one; the owner hears of it.
    sendLater(c.var.deps.mailer, {
      to: result.owner.email,
      subject: "Someone tried to create a MIXERA account with your address",
      text: `Hi ${result.owner.displayName},\n\nsomeone tried to create a new MIXERA account with this ` +
        `address, which already has one. If it was you, sign in at ${config.publicUrl}/signin or reset ` +
        `your password at ${config.publicUrl}/reset-password.\nIf it was not you, ignore this mail: ` +
        `nothing changed.\n`,
    });
  }
  setPendingSignUpCookie(c, { nonce, email: form.data.email });
  return c.redirect("/verify-email", 303);
});

authRoutes.get("/signin", (c) => {
  const next = safeNextPath(c.req.query("next"));
  if (c.var.user) return c.redirect(next, 303);
  const notice = SIGN_IN_NOTICES[c.req.query("notice") ?? ""];
  return renderPage(c, {
    title: "Sign in",
    variant: "card",
    body: <SignInPage values={{ next }} notice={notice} />,
  });
});

authRoutes.post("/signin", async (c) => {
  const { db, clock, config } = c.var.deps;
  const next = safeNextPath(c.req.query("next"));
  const form = await parseForm(c, signInSchema);
  const values = { ...form.values, next };
  const show = (errors: Record<string, string>, status: 413 | 422) =>
    renderPage(c, {
      title: "Sign in",
      variant: "card",
      status,
      body: <SignInPage values={values} errors={errors} />,
    });
  if (!form.ok) return show(form.errors, form.tooLarge ? 413 : 422);

  const account = await findUserByEmail(db, form.data.email);
  const device = trustedDeviceId(c, account);
  const failureKeys: [string, BackoffPolicy][] = device
    ? [[`signin:device:${device}`, SIGN_IN_BACKOFF.perDevice]]
    : [
      [`signin:ip:${clientIp(c)}`, SIGN_IN_BACKOFF.perIp],
      [`signin:account:${form.data.email}`, SIGN_IN_BACKOFF.perAccount],
    ];
  for (const [key, policy] of failureKeys) {
    const wait = await checkBackoff(db, key, policy, clock.now());
    if (!wait.allowed) return tooManyRequests(c, wait.retryAfterSec);
  }
  const result = await checkCredentials(db, form.data.email, form.data.password);
  if (!result.ok) {
    if (result.reason === "invalid") {
      for (const [key] of failureKeys) await recordFailure(db, key, clock.now());
    }
    return show({
      _form: result.reason === "disabled"
        ? "This account is disabled. Contact MIXERA support if you think this is a mistake."
        : "The email address or the password is not right.",
    }, 422);
  }
  for (const [key] of failureKeys) {
    if (!key.startsWith("signin:ip:")) await resetRateLimit(db, key);
  }
  const user = await applyAdminEmails(db, result.user, config.adminEmails);
  await startSession(c, user);
  return c.redirect(next, 303);
});

authRoutes.post("/signout", async (c) => {
  const session = c.var.session;
  if (session) await invalidateSession(c.var.deps.db, session.id);
  deleteSessionCookie(c);
  return c.redirect("/signin?notice=signed-out", 303);
});

authRoutes.get("/verify-email", requireUserOrPendingSignUp(), (c) => {
  const user = c.var.user;
  if (!user) {
    const pending = readPendingSignUp(c)!;
    return renderPage(c, {
      title: "Check your email",
      variant: "card",
      body: <PendingSignUpPage email={pending.email} />,
    });
  }
  if (user.emailVerifiedAt) return renderPage(c, { title: "Email verified", body: <EmailVerifiedPage /> });
  return renderPage(c, { title: "Verify your email", body: <VerifyEmailPage email={user.email} /> });
});

const verifySchema = z.object({
  code: z.string({ error: "Enter the 8-digit code." }).trim().regex(/^\d{8}$/, {
    error: "The code has exactly 8 digits.",
  }),
});

/**
 * Code entry of a pending sign-up. A taken address runs the same steps and fails like a wrong code, and
 * guesses are counted per address, so both cases also reach the rate limit alike.
 */
async function verifyPendingSignUpCode(c: Context<AppEnv>): Promise<Response> {
  const pending = readPendingSignUp(c)!;
  const form = await parseForm(c, verifySchema);
  const show = (errors: Record<string, string>) =>
    renderPage(c, {
      title: "Check your email",
      variant: "card",
      status: 422,
      body: <PendingSignUpPage email={pending.email} errors={errors} />,
    });
  if (!form.ok) return show(form.errors);
  await enforceRateLimits(c, [[`verify-signup:email:${pending.email}`, LIMITS.verifyPerUser]]);
  const user = await verifyPendingSignUp(c.var.deps, pending, form.data.code);
  if (!user) return show({ code: WRONG_CODE });
  await startSession(c, user);
  return c.redirect("/verify-email", 303);
}

authRoutes.post("/verify-email", requireUserOrPendingSignUp(), async (c) => {
  const user = c.var.user;
  if (!user) return await verifyPendingSignUpCode(c);
  if (user.emailVerifiedAt) return c.redirect("/verify-email", 303);
  const form = await parseForm(c, verifySchema);
  const show = (errors: Record<string, string>) =>
    renderPage(c, {
      title: "Verify your email",
      status: 422,
      body: <VerifyEmailPage email={user.email} errors={errors} />,
    });
  if (!form.ok) return show(form.errors);
  await enforceRateLimits(c, [[`verify:user:${user.id}`, LIMITS.verifyPerUser]]);
  if (!(await verifyEmailCode(c.var.deps, user, form.data.code))) {
    return show({ code: WRONG_CODE });
  }
  return c.redirect("/verify-email", 303);
});

/** A new code for a pending sign-up: a new nonce either way, a mail only when the sign-up made an account. */
async function resendPendingSignUpCodeRoute(c: Context<AppEnv>): Promise<Response> {
  const pending = readPendingSignUp(c)!;
  await enforceRateLimits(c, [[`verify-signup-resend:email:${pending.email}`, LIMITS.verifyResendPerUser]]);
  const nonce = newPendingNonce();
  await resendPendingSignUpCode(c.var.deps, pending, nonce);
  setPendingSignUpCookie(c, { nonce, email: pending.email });
  return renderPage(c, {
    title: "Check your email",
    variant: "card",
    body: <PendingSignUpPage email={pending.email} notice={NEW_CODE_SENT} />,
  });
}

authRoutes.post("/verify-email/resend", requireUserOrPendingSignUp(), async (c) => {
  const user = c.var.user;
  if (!user) return await resendPendingSignUpCodeRoute(c);
  if (user.emailVerifiedAt) return c.redirect("/verify-email", 303);
  await enforceRateLimits(c, [[`verify-resend:user:${user.id}`, LIMITS.verifyResendPerUser]]);
  await sendVerificationCode(c.var.deps, user);
  return renderPage(c, {
    title: "Verify your email",
    body: <VerifyEmailPage email={user.email} notice={NEW_CODE_SENT} />,
  });
});

authRoutes.get("/reset-password", (c) => {
  return renderPage(c, { title: "Reset password", variant: "card", body: <ResetRequestPage /> });
});

authRoutes.post("/reset-password", async (c) => {
  const form = await parseForm(c, z.object({ email: emailSchema }));
  if (!form.ok) {
    return renderPage(c, {
      title: "Reset password",
      variant: "card",
      status: form.tooLarge ? 413 : 422,
      body: <ResetRequestPage values={form.values} errors={form.errors} />,
    });
  }
  await enforceRateLimits(c, [
    [`reset:ip:${clientIp(c)}`, LIMITS.resetRequestPerIp],
    [`reset:email:${form.data.email}`, LIMITS.resetRequestPerEmail],
  ]);
  await requestPasswordReset(c.var.deps, form.data.email);
  return renderPage(c, { title: "Check your mail", variant: "card", body: <ResetRequestSentPage /> });
});

const tokenPattern = /^[a-z2-7]{32}$/;

authRoutes.on(["GET", "POST"], "/reset-password/:token", async (c) => {
  const token = c.req.param("token");
  await enforceRateLimits(c, [[`reset-use:ip:${clientIp(c)}`, LIMITS.resetUsePerIp]]);
  const invalid = () =>
    renderPage(c, { title: "Link not valid", variant: "card", status: 400, body: <ResetLinkInvalidPage /> });
  if (!tokenPattern.test(token) || !(await isResetTokenValid(c.var.deps, token))) return invalid();
  if (c.req.method === "GET") {
    return renderPage(c, {
      title: "New password",
      variant: "card",
      body: <ResetPasswordPage token={token} />,
    });
  }
  const form = await parseForm(c, z.object({ password: newPasswordSchema }));
  if (!form.ok) {
    return renderPage(c, {
      title: "New password",
      variant: "card",
      status: 422,
      body: <ResetPasswordPage token={token} errors={form.errors} />,
    });
  }
  if (!(await resetPassword(c.var.deps, token, form.data.password))) return invalid();
  deleteSessionCookie(c);
  return c.redirect("/signin?notice=password-reset", 303);
});
