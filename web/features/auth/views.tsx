/** @module Pages of signing up, signing in, verifying an email address and resetting a password. */
import { Field, type FieldErrors, Notice } from "../../ui/components.tsx";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../auth/password.ts";

type Values = Record<string, string | undefined>;

interface FormProps {
  values?: Values;
  errors?: FieldErrors;
}

const passwordHint =
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. A few words you can remember work well.`;

function EmailField({ value, error }: { value?: string; error?: string }) {
  return <Field label="Email" name="email" type="email" autocomplete="email" value={value} error={error} />;
}

function NewPasswordField({ label, error }: { label: string; error?: string }) {
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autocomplete="new-password"
      hint={passwordHint}
      error={error}
    />
  );
}

function FormError({ errors }: { errors?: FieldErrors }) {
  return errors?._form ? <Notice kind="error">{errors._form}</Notice> : null;
}

export function SignUpPage({ values = {}, errors = {} }: FormProps) {
  return (
    <div class="card">
      <h1>Create your MIXERA account</h1>
      <FormError errors={errors} />
      <form method="post" action="/signup" novalidate>
        <EmailField value={values.email} error={errors.email} />
        <Field
          label="Display name"
          name="displayName"
          autocomplete="nickname"
          value={values.displayName}
          error={errors.displayName}
          maxlength={60}
        />
        <NewPasswordField label="Password" error={errors.password} />
        <button type="submit" class="button button-block">Create account</button>
      </form>
      <p class="card-footer">
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </div>
  );
}

export function SignInPage({ values = {}, errors = {}, notice }: FormProps & { notice?: string }) {
  const next = values.next && values.next !== "/" ? values.next : undefined;
  return (
    <div class="card">
      <h1>Sign in to MIXERA</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <FormError errors={errors} />
      <form method="post" action={next ? `/signin?next=${encodeURIComponent(next)}` : "/signin"} novalidate>
        <EmailField value={values.email} error={errors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          error={errors.password}
        />
        <button type="submit" class="button button-block">Sign in</button>
      </form>
      <p class="card-footer">
        <a href="/reset-password">Forgot your password?</a>
        <br />
        New to MIXERA? <a href="/signup">Create an account</a>
      </p>
    </div>
  );
}

interface CodeFormProps {
  email: string;
  errors?: FieldErrors;
  notice?: string;
}

export function VerifyEmailPage({ email, errors, notice }: CodeFormProps) {
  return (
    <div class="card">
      <h1>Verify your email</h1>
      <p>
        We sent an 8-digit code to <strong>{email}</strong>. Enter it below to confirm the address.
      </p>
      <CodeForm errors={errors} notice={notice} />
    </div>
  );
}

/**
 * After "Create account", for a new address and a taken one alike: the page must not tell them apart,
 * so it reads true for both and the mail says which case it was.
 */
export function PendingSignUpPage({ email, errors, notice }: CodeFormProps) {
  return (
    <div class="card">
      <h1>Check your email</h1>
      <p>
        Enter the 8-digit code we sent to <strong>{email}</strong> to confirm the address and sign in.
      </p>
      <p>
        If this address already has a MIXERA account, the mail tells you how to sign in to it instead.
      </p>
      <CodeForm errors={errors} notice={notice} />
    </div>
  );
}

function CodeForm({ errors = {}, notice }: { errors?: FieldErrors; notice?: string }) {
  return (
    <>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <FormError errors={errors} />
      <form method="post" action="/verify-email" novalidate>
        <Field
          label="Verification code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={8}
          pattern="[0-9]{8}"
          error={errors.code}
        />
        <button type="submit" class="button button-block">Verify</button>
      </form>
      <form method="post" action="/verify-email/resend" class="card-footer">
        Did not get it?{" "}
        <button type="submit" class="button button-small button-quiet">Send a new code</button>
      </form>
    </>
  );
}

export function EmailVerifiedPage() {
  return (
    <div class="card">
      <h1>Email verified</h1>
      <Notice kind="success">Thank you — your email address is confirmed.</Notice>
      <a class="button" href="/">Go to the overview</a>
    </div>
  );
}

export function ResetRequestPage({ values = {}, errors = {} }: FormProps) {
  return (
    <div class="card">
      <h1>Reset your password</h1>
      <p>Enter the email address of your account. We will mail you a link to choose a new password.</p>
      <FormError errors={errors} />
      <form method="post" action="/reset-password" novalidate>
        <EmailField value={values.email} error={errors.email} />
        <button type="submit" class="button button-block">Send reset link</button>
      </form>
      <p class="card-footer">
        <a href="/signin">Back to sign in</a>
      </p>
    </div>
  );
}

export function ResetRequestSentPage() {
  return (
    <div class="card">
      <h1>Check your mail</h1>
      <Notice kind="info">
        If an account exists for that address, we have sent it a link to reset the password. The link works
        for one hour.
      </Notice>
      <a href="/signin">Back to sign in</a>
    </div>
  );
}

export function ResetPasswordPage({ token, errors = {} }: { token: string; errors?: FieldErrors }) {
  return (
    <div class="card">
      <h1>Choose a new password</h1>
      <p>After the change, every device signed in to your account is signed out.</p>
      <FormError errors={errors} />
      <form method="post" action={`/reset-password/${token}`} novalidate>
        <NewPasswordField label="New password" error={errors.password} />
        <button type="submit" class="button button-block">Set new password</button>
      </form>
    </div>
  );
}

export function ResetLinkInvalidPage() {
  return (
    <div class="card">
      <h1>This link does not work</h1>
      <Notice kind="error">The reset link is invalid, was already used, or is older than one hour.</Notice>
      <a class="button" href="/reset-password">Ask for a new link</a>
    </div>
  );
}
