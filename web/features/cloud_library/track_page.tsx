/** @module The track page: facts, waveform and player, tags, cue points and loops, playlists, delete. */
import { Notice, PageHeader } from "../../ui/components.tsx";
import type { LibraryAssets } from "./assets.ts";
import { formatBpm, formatTime } from "./format.ts";
import type { PlaylistSummary } from "./playlists.ts";
import type { TrackDetails } from "./track_details.ts";

function TagForm({ track }: { track: TrackDetails }) {
  const field = (
    name: string,
    label: string,
    value: string | number | null,
    extra: Record<string, unknown> = {},
  ) => (
    <label>
      {label}
      <input name={name} value={value ?? ""} {...extra} />
    </label>
  );
  return (
    <form class="tag-form" method="post" action={`/cloud/tracks/${track.id}/tags`}>
      {field("title", "Title", track.title, { required: true, maxlength: 300 })}
      {field("artist", "Artist", track.artist, { maxlength: 300 })}
      {field("album", "Album", track.album, { maxlength: 300 })}
      {field("genre", "Genre", track.genre, { maxlength: 100 })}
      {field("year", "Year", track.year, { inputmode: "numeric", pattern: "\\d{4}", maxlength: 4 })}
      <button type="submit" class="button">Save tags</button>
    </form>
  );
}

function Marks({ track }: { track: TrackDetails }) {
  const { cuePoints, loops } = track.marks;
  return (
    <section class="panel" aria-labelledby="marks-heading">
      <h2 id="marks-heading">Cue points and loops</h2>
      <ul class="mark-list" data-testid="cue-list">
        {cuePoints.length === 0 ? <li class="muted">No cue points yet.</li> : null}
        {cuePoints.map((cue, index) => (
          <li key={`cue-${index}`}>
            <button type="button" class="button button-small" data-seek={cue.time}>
              {index < 8 ? `Hot cue ${"ABCDEFGH"[index]}` : "Memory cue"} · {formatTime(cue.time)}
            </button>
            {cue.name ? <span>{cue.name}</span> : null}
            <form method="post" action={`/cloud/tracks/${track.id}/cues/${index}/delete`}>
              <button type="submit" class="button button-small button-danger">Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form class="inline-form" method="post" action={`/cloud/tracks/${track.id}/cues`}>
        <label>
          Cue at (s)
          <input id="cue-time" name="time" type="number" min={0} step="0.001" required />
        </label>
        <button type="button" class="button button-small" data-use-position="cue-time">Use position</button>
        <input name="name" placeholder="Name (optional)" maxlength={64} aria-label="Cue name" />
        <button type="submit" class="button button-small">Add cue</button>
      </form>
      <ul class="mark-list" data-testid="loop-list">
        {loops.length === 0 ? <li class="muted">No loops yet.</li> : null}
        {loops.map((loop, index) => (
          <li key={`loop-${index}`}>
            <button type="button" class="button button-small" data-seek={loop.start}>
              Loop {formatTime(loop.start)} – {formatTime(loop.end)}
            </button>
            {loop.name ? <span>{loop.name}</span> : null}
            <form method="post" action={`/cloud/tracks/${track.id}/loops/${index}/delete`}>
              <button type="submit" class="button button-small button-danger">Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form class="inline-form" method="post" action={`/cloud/tracks/${track.id}/loops`}>
        <label>
          Loop from (s)
          <input id="loop-start" name="start" type="number" min={0} step="0.001" required />
        </label>
        <button type="button" class="button button-small" data-use-position="loop-start">Use position</button>
        <label>
          to (s)
          <input id="loop-end" name="end" type="number" min={0} step="0.001" required />
        </label>
        <button type="button" class="button button-small" data-use-position="loop-end">Use position</button>
        <input name="name" placeholder="Name (optional)" maxlength={64} aria-label="Loop name" />
        <button type="submit" class="button button-small">Add loop</button>
      </form>
    </section>
  );
}

export function TrackPage(
  { track, playlists, nonce, assets, notice }: {
    track: TrackDetails;
    playlists: PlaylistSummary[];
    nonce: string;
    assets: LibraryAssets;
    notice?: { kind: "error" | "success"; text: string };
  },
) {
  const analysed = track.durationSeconds !== null;
  return (
    <>
      <link rel="stylesheet" href={assets.css} />
      <PageHeader title={track.title} intro={track.artist ?? undefined} />
      <p>
        <a href="/cloud">← MIXERA Cloud</a>
      </p>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <section class="panel" aria-labelledby="player-heading">
        <h2 id="player-heading">Waveform</h2>
        <div
          class="waveform"
          data-waveform
          data-audio={`/cloud/tracks/${track.id}/audio`}
          data-peaks={`/cloud/tracks/${track.id}/peaks.json`}
          data-wavesurfer={assets.wavesurfer}
          data-nonce={nonce}
        >
        </div>
        <div class="player-controls">
          <button type="button" class="button" data-play>Play</button>
          <span data-position>0:00.0</span>
          <span class="muted">/ {formatTime(track.durationSeconds)}</span>
          <a href={`/cloud/tracks/${track.id}/audio?download=1`}>Download</a>
        </div>
        {analysed ? null : <p class="muted">The waveform appears once the analysis has run.</p>}
        <dl class="facts">
          <div>
            <dt>BPM</dt>
            <dd data-testid="track-bpm">{formatBpm(track.bpm)}</dd>
          </div>
          <div>
            <dt>Key</dt>
            <dd>{track.keyCamelot ? `${track.keyCamelot} · ${track.keyName}` : "—"}</dd>
          </div>
          <div>
            <dt>First beat</dt>
            <dd>{track.firstBeatSeconds === null ? "—" : `${track.firstBeatSeconds.toFixed(3)} s`}</dd>
          </div>
          <div>
            <dt>Energy</dt>
            <dd>{track.energy ?? "—"}</dd>
          </div>
          <div>
            <dt>Loudness</dt>
            <dd>{track.loudnessLufs === null ? "—" : `${track.loudnessLufs.toFixed(1)} LUFS`}</dd>
          </div>
          <div>
            <dt>Format</dt>
            <dd>{track.format.toUpperCase()}{track.sampleRate ? ` · ${track.sampleRate} Hz` : ""}</dd>
          </div>
        </dl>
      </section>
      <section class="panel" aria-labelledby="tags-heading">
        <h2 id="tags-heading">Tags</h2>
        <TagForm track={track} />
      </section>
      <Marks track={track} />
      <section class="panel" aria-labelledby="playlist-heading">
        <h2 id="playlist-heading">Add to a playlist</h2>
        {playlists.length
          ? (
            <form class="inline-form" method="post" action="/cloud/playlists/add-track">
              <input type="hidden" name="trackId" value={track.id} />
              <select name="playlistId" aria-label="Playlist">
                {playlists.map((playlist) => (
                  <option key={playlist.id} value={playlist.id}>{playlist.name}</option>
                ))}
              </select>
              <button type="submit" class="button button-small">Add</button>
            </form>
          )
          : (
            <p class="muted">
              No playlists yet. <a href="/cloud/playlists">Create one</a>
            </p>
          )}
      </section>
      <section class="panel" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        {/* A second click to confirm, without script: the delete form sits in a closed disclosure. */}
        <details>
          <summary>Delete this track…</summary>
          <form method="post" action={`/cloud/tracks/${track.id}/delete`}>
            <p class="muted">The file, its cues and loops go, and it leaves every playlist.</p>
            <button type="submit" class="button button-danger">Delete “{track.title}”</button>
          </form>
        </details>
      </section>
      <script src={assets.trackPage} type="module"></script>
    </>
  );
}
