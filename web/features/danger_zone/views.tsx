/** @module The Danger Zone page and the page shown after an account was deleted. */
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";

export function DangerZonePage({ errors = {} }: { errors?: FieldErrors }) {
  return (
    <div>
      <PageHeader title="Danger Zone" intro="Take your data with you, or leave MIXERA for good." />
      <section class="panel" aria-labelledby="export-data">
        <h2 id="export-data">Export your data</h2>
        <p class="panel-intro">
          Download a copy of all data associated with your account: every record we store about you, as JSON,
          with your files (such as your profile picture) inside. Password and token hashes are marked as
          redacted.
        </p>
        <form method="post" action="/danger-zone/export">
          <button type="submit" class="button">Download my data</button>
        </form>
      </section>
      <section class="panel panel-danger" aria-labelledby="delete-account">
        <h2 id="delete-account">Delete account</h2>
        <p class="panel-intro">
          Permanently delete your Mixera account and all associated data. This action cannot be undone: you
          are signed out everywhere, and apps that use your Mixera ID lose access.
        </p>
        {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
        <form method="post" action="/danger-zone/delete" novalidate>
          <Field
            label="Your password"
            name="password"
            type="password"
            autocomplete="current-password"
            hint="Enter your password to confirm that you want to delete your account."
            error={errors.password}
          />
          <button type="submit" class="button button-danger">Delete my account</button>
        </form>
      </section>
    </div>
  );
}

export function AccountDeletedPage() {
  return (
    <div class="card">
      <h1>Your account was deleted</h1>
      <p>Everything we stored about you is gone, and you were signed out on every device.</p>
      <div class="actions">
        <a class="button" href="/">Back to MIXERA</a>
      </div>
    </div>
  );
}
