/** @module The playlist list (with MIXEY AI and export links) and one playlist with its ordered tracks. */
import { Notice, PageHeader } from "../../ui/components.tsx";
import type { LibraryAssets } from "./assets.ts";
import { formatBpm, formatLength } from "./format.ts";
import type { PlaylistSummary } from "./playlists.ts";
import type { TrackDetails } from "./track_details.ts";
import type { PlanResult } from "./mixey/plan_types.ts";

export function LibraryNav() {
  return (
    <nav class="library-nav" aria-label="MIXERA Cloud">
      <a href="/cloud">Tracks</a>
      <a href="/cloud/playlists">Playlists · MIXEY AI</a>
      <a href="/cloud/sync">Sync Settings · Linked Devices</a>
      <a href="/cloud/export/library.xml">Export library (rekordbox XML)</a>
      <a href="/cloud/export/library.m3u8">Export library (m3u8)</a>
    </nav>
  );
}

function PlanView({ plan }: { plan: PlanResult }) {
  return (
    <section class="panel" aria-labelledby="plan-heading" data-testid="mixey-plan">
      <h2 id="plan-heading">MIXEY’s plan · {formatLength(plan.totalSeconds)}</h2>
      <p class="muted">
        Understood: {plan.request.summary}
      </p>
      {plan.unmet.length
        ? (
          <div class="unmet" data-testid="mixey-unmet">
            <strong>What I could not do</strong>
            <ul>{plan.unmet.map((text) => <li key={text}>{text}</li>)}</ul>
          </div>
        )
        : null}
      <ol class="plan-list">
        {plan.steps.map((step, i) => (
          <li key={step.track.id}>
            <strong>{i + 1}. {step.track.title}</strong>
            <span class="muted">
              {formatBpm(step.track.bpm)} BPM · {step.track.keyCamelot ?? "no key"} · energy{" "}
              {step.track.energy ?? "?"}
            </span>
            {step.transition ? <span data-testid="mixey-why">↳ {step.transition}</span> : null}
          </li>
        ))}
      </ol>
      {plan.steps.length
        ? (
          <form class="inline-form" method="post" action="/cloud/playlists">
            <input type="hidden" name="trackIds" value={plan.steps.map((step) => step.track.id).join(",")} />
            <input
              name="name"
              value={plan.request.title}
              maxlength={100}
              aria-label="Playlist name"
              required
            />
            <button type="submit" class="button">Save as playlist</button>
          </form>
        )
        : null}
    </section>
  );
}

export function PlaylistsPage(
  { playlists, assets, prompt, diagonals, plan, error }: {
    playlists: PlaylistSummary[];
    assets: LibraryAssets;
    prompt?: string;
    diagonals?: boolean;
    plan?: PlanResult;
    error?: string;
  },
) {
  return (
    <>
      <link rel="stylesheet" href={assets.css} />
      <PageHeader title="Playlists" intro="Order your tracks for a set, or let MIXEY AI draft one." />
      <LibraryNav />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <section class="panel" aria-labelledby="mixey-heading">
        <h2 id="mixey-heading">
          MIXEY AI <span class="badge">BETA</span>
        </h2>
        <p class="muted">
          Let AI create the perfect playlist for your set. Just describe the vibe! MIXEY reads the length, a
          BPM range, a genre and the energy (“warm-up”, “rising”, “falling”, “end on a peak”), all from your
          own library, without sending it anywhere.
        </p>
        <form class="inline-form" method="post" action="/cloud/playlists/mixey">
          <input
            name="prompt"
            value={prompt ?? ""}
            placeholder="90-minute warm-up, deep house, 118 to 124, end on a peak"
            aria-label="Describe the vibe"
            maxlength={500}
            size={60}
            required
          />
          <label>
            <span>
              <input type="checkbox" name="diagonals" value="on" checked={diagonals} />{" "}
              Count diagonal keys (e.g. 8A → 9B) as compatible
            </span>
          </label>
          <button type="submit" class="button">Plan my set</button>
        </form>
      </section>
      {plan ? <PlanView plan={plan} /> : null}
      <section class="panel" aria-labelledby="playlists-heading">
        <h2 id="playlists-heading">Your playlists</h2>
        <form class="inline-form" method="post" action="/cloud/playlists">
          <input name="name" placeholder="New playlist" maxlength={100} required aria-label="Playlist name" />
          <button type="submit" class="button button-small">Create</button>
        </form>
        <ul class="mark-list" data-testid="playlists">
          {playlists.length === 0 ? <li class="muted">No playlists yet.</li> : null}
          {playlists.map((playlist) => (
            <li key={playlist.id}>
              <a href={`/cloud/playlists/${playlist.id}`}>{playlist.name}</a>
              <span class="muted">
                {playlist.trackCount} {playlist.trackCount === 1 ? "track" : "tracks"}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function PlaylistPage(
  { playlist, tracks, candidates, search, assets, error }: {
    playlist: PlaylistSummary;
    tracks: TrackDetails[];
    candidates: { id: string; title: string; artist: string | null }[];
    search: string;
    assets: LibraryAssets;
    error?: string;
  },
) {
  const base = `/cloud/playlists/${playlist.id}`;
  const total = tracks.reduce((sum, track) => sum + (track.durationSeconds ?? 0), 0);
  return (
    <>
      <link rel="stylesheet" href={assets.css} />
      <PageHeader title={playlist.name} intro={`${tracks.length} tracks · ${formatLength(total)}`} />
      <LibraryNav />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <section class="panel" aria-labelledby="order-heading">
        <h2 id="order-heading">Tracks</h2>
        <ol class="plan-list" data-testid="playlist-tracks">
          {tracks.length === 0 ? <li class="muted">No tracks yet. Add some below.</li> : null}
          {tracks.map((track, i) => (
            <li key={track.id} data-track-id={track.id}>
              <a href={`/cloud/tracks/${track.id}`}>{track.title}</a>
              <span class="muted">
                {track.artist ?? ""} · {formatBpm(track.bpm)} BPM · {track.keyCamelot ?? "—"}
              </span>
              <form method="post" action={`${base}/tracks/${track.id}/move`}>
                <input type="hidden" name="step" value="up" />
                <button
                  type="submit"
                  class="button button-small"
                  disabled={i === 0}
                  aria-label={`Move ${track.title} up`}
                >
                  ↑
                </button>
              </form>
              <form method="post" action={`${base}/tracks/${track.id}/move`}>
                <input type="hidden" name="step" value="down" />
                <button
                  type="submit"
                  class="button button-small"
                  disabled={i === tracks.length - 1}
                  aria-label={`Move ${track.title} down`}
                >
                  ↓
                </button>
              </form>
              <form method="post" action={`${base}/tracks/${track.id}/remove`}>
                <button
                  type="submit"
                  class="button button-small button-danger"
                  aria-label={`Remove ${track.title}`}
                >
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ol>
        <p>
          Export: <a href={`${base}/export.xml`}>rekordbox XML</a> · <a href={`${base}/export.m3u8`}>m3u8</a>
        </p>
      </section>
      <section class="panel" aria-labelledby="add-heading">
        <h2 id="add-heading">Add tracks</h2>
        <form class="inline-form" method="get" action={base}>
          <input
            type="search"
            name="q"
            value={search}
            placeholder="Search your library"
            maxlength={200}
            aria-label="Search your library"
          />
          <button type="submit" class="button button-small">Search</button>
        </form>
        <ul class="mark-list">
          {candidates.map((track) => (
            <li key={track.id}>
              <span>{track.title}{track.artist ? ` · ${track.artist}` : ""}</span>
              <form method="post" action={`${base}/tracks`}>
                <input type="hidden" name="trackId" value={track.id} />
                <button type="submit" class="button button-small" aria-label={`Add ${track.title}`}>
                  Add
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Playlist settings</h2>
        <form class="inline-form" method="post" action={`${base}/rename`}>
          <input name="name" value={playlist.name} maxlength={100} required aria-label="New name" />
          <button type="submit" class="button button-small">Rename</button>
        </form>
        <details>
          <summary>Delete playlist…</summary>
          <form method="post" action={`${base}/delete`}>
            <p class="muted">The tracks stay in your library.</p>
            <button type="submit" class="button button-small button-danger">Delete “{playlist.name}”</button>
          </form>
        </details>
      </section>
    </>
  );
}
