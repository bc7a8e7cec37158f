/** @module The Profile page: Mixera ID, email state, display name and picture. */
import type { Child } from "hono/jsx";
import type { User } from "../../db/schema/users.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";

/** Where anyone (apps using "Login with Mixera ID" included) fetches a user's picture. */
export function pictureUrl(user: Pick<User, "mixeraId" | "profilePictureKey">): string | null {
  if (!user.profilePictureKey) return null;
  // The key changes on every upload, so its tail busts caches without exposing the internal user id.
  const version = user.profilePictureKey.split("/").at(-1)!.replace(/\.\w+$/, "");
  return `/users/${user.mixeraId}/picture?v=${version}`;
}

function IdentityPanel({ user }: { user: User }) {
  return (
    <section class="panel" aria-labelledby="identity">
      <h2 id="identity">Your account</h2>
      <dl class="facts">
        <dt>Mixera ID</dt>
        <dd>
          <code data-testid="mixera-id">{user.mixeraId}</code>
        </dd>
        <dt>Email</dt>
        <dd>
          {user.email} {user.emailVerifiedAt
            ? <span class="badge" data-testid="email-state">Verified</span>
            : (
              <span data-testid="email-state">
                <span class="badge badge-warning">Not verified</span> <a href="/verify-email">Verify now</a>
              </span>
            )}
        </dd>
      </dl>
    </section>
  );
}

function NamePanel(
  { user, values, errors }: { user: User; values: Record<string, string>; errors: FieldErrors },
) {
  return (
    <section class="panel" aria-labelledby="display-name">
      <h2 id="display-name">Display name</h2>
      <p class="panel-intro">Shown in the portal and to apps you sign in to with your Mixera ID.</p>
      <form
        method="post"
        action="/profile/name"
        hx-post="/profile/name"
        hx-target="#main"
        hx-select="#main"
        hx-swap="outerHTML"
        novalidate
      >
        <Field
          label="Display name"
          name="displayName"
          autocomplete="nickname"
          maxlength={60}
          value={values.displayName ?? user.displayName}
          error={errors.displayName}
        />
        <button type="submit" class="button">Save name</button>
      </form>
    </section>
  );
}

function PicturePanel({ user, errors }: { user: User; errors: FieldErrors }) {
  const src = pictureUrl(user);
  const id = "field-picture";
  return (
    <section class="panel" aria-labelledby="profile-picture">
      <h2 id="profile-picture">Profile picture</h2>
      <div class="picture-row">
        {src
          ? <img class="avatar" src={src} alt="Your profile picture" width={96} height={96} />
          : (
            <div class="avatar avatar-empty" aria-hidden="true">
              {[...user.displayName][0]?.toUpperCase()}
            </div>
          )}
        <form method="post" action="/profile/picture" enctype="multipart/form-data" novalidate>
          <div class={errors.picture ? "field field-invalid" : "field"}>
            <label for={id}>Upload a picture</label>
            <p class="hint" id={`${id}-hint`}>PNG, JPEG or WebP, up to 5 MB. It is cropped to a square.</p>
            <input
              id={id}
              name="picture"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              required
              aria-invalid={errors.picture ? "true" : undefined}
              aria-describedby={errors.picture ? `${id}-hint ${id}-error` : `${id}-hint`}
            />
            {errors.picture ? <p class="field-error" id={`${id}-error`}>{errors.picture}</p> : null}
          </div>
          <button type="submit" class="button">Upload picture</button>
        </form>
      </div>
      {src
        ? (
          <form method="post" action="/profile/picture/delete" class="actions">
            <button type="submit" class="button button-small button-quiet">Remove picture</button>
          </form>
        )
        : null}
    </section>
  );
}

export function ProfilePage(
  { user, values = {}, errors = {}, notice, blocks }: {
    user: User;
    values?: Record<string, string>;
    errors?: FieldErrors;
    notice?: string;
    /** Blocks other areas show on the Profile page (Preview Program or Admin Access, MIXERA Cloud). */
    blocks?: Child;
  },
) {
  return (
    <div>
      <PageHeader
        title="Profile"
        intro="How you appear in MIXERA and to the apps you use with your Mixera ID."
      />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      <IdentityPanel user={user} />
      {blocks}
      <NamePanel user={user} values={values} errors={errors} />
      <PicturePanel user={user} errors={errors} />
    </div>
  );
}
