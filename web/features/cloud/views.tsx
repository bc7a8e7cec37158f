/** @module The MIXERA Cloud page: storage bar, upload zone, and the track table with its filters. */
import type { Child } from "hono/jsx";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { CAMELOT_CODES } from "./camelot.ts";
import type { LibraryPage, LibraryQuery, LibraryRow, LibrarySort, TrackStatus } from "./library.ts";
import type { StorageUsage } from "./quota.ts";
import { MAX_UPLOAD_BYTES } from "./uploads.ts";
import { UPLOADS_PATH } from "./upload_routes.ts";

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export function StorageBar({ usage }: { usage: StorageUsage }) {
  return (
    <section class="panel storage-bar" id="storage-bar" aria-labelledby="storage-heading" hx-swap-oob="true">
      <h2 id="storage-heading">{formatSize(usage.quotaBytes)} Storage</h2>
      {/* A native meter: the portal's CSP allows no inline styles to size a bar by hand. */}
      <meter
        class="meter"
        min={0}
        max={usage.quotaBytes}
        value={Math.min(usage.usedBytes, usage.quotaBytes)}
        aria-label="Storage used"
      >
      </meter>
      <p class="muted" data-testid="storage-used" data-used-bytes={usage.usedBytes}>
        {formatSize(usage.usedBytes)} of {formatSize(usage.quotaBytes)} used
        {usage.reservedBytes > 0 ? ` · ${formatSize(usage.reservedBytes)} uploading` : ""}
      </p>
    </section>
  );
}

function UploadZone({ verified }: { verified: boolean }) {
  return (
    <section class="panel" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload Tracks</h2>
      {verified
        ? (
          <>
            <label class="upload-zone" data-upload-zone data-endpoint={UPLOADS_PATH}>
              <input type="file" multiple accept=".mp3,.wav,.flac,.aif,.aiff,audio/*" data-upload-input />
              <strong>Drop files here or click to upload</strong>
              <span class="muted">
                MP3, WAV, FLAC, AIFF (max {Math.round(MAX_UPLOAD_BYTES / 1024 ** 2)}MB)
              </span>
            </label>
            <ul class="upload-list" id="upload-list" hx-preserve="true" aria-live="polite"></ul>
          </>
        )
        : (
          <Notice kind="info">
            Uploads open once your email address is verified. <a href="/verify-email">Verify your email</a>
          </Notice>
        )}
    </section>
  );
}

function queryString(query: LibraryQuery, change: Partial<LibraryQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.text) params.set("q", next.text);
  if (next.bpmMin !== undefined) params.set("bpmMin", String(next.bpmMin));
  if (next.bpmMax !== undefined) params.set("bpmMax", String(next.bpmMax));
  if (next.key) params.set("key", next.key);
  if (next.genre) params.set("genre", next.genre);
  if (next.compatibleWith) params.set("compatible", next.compatibleWith);
  if (next.sort !== "added") params.set("sort", next.sort);
  if (next.direction !== "desc") params.set("dir", next.direction);
  if (next.page > 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A link that swaps the track table in place (and still works as a plain link). */
function TableLink({ href, children, label }: { href: string; children: Child; label?: string }) {
  return (
    <a
      href={`/cloud${href}`}
      hx-get={`/cloud/tracks${href}`}
      hx-target="#library"
      hx-swap="outerHTML"
      hx-push-url={`/cloud${href}`}
      aria-label={label}
    >
      {children}
    </a>
  );
}

function SortHeader({ query, sort, children }: { query: LibraryQuery; sort: LibrarySort; children: Child }) {
  const active = query.sort === sort;
  const direction = active && query.direction === "asc" ? "desc" : "asc";
  return (
    <th aria-sort={active ? (query.direction === "asc" ? "ascending" : "descending") : undefined}>
      <TableLink href={queryString(query, { sort, direction, page: 1 })}>
        {children}
        {active ? (query.direction === "asc" ? " ▲" : " ▼") : ""}
      </TableLink>
    </th>
  );
}

function StatusCell({ status }: { status: TrackStatus }) {
  switch (status.state) {
    case "queued":
      return (
        <span class="badge badge-muted">
          queued{status.position ? ` · ${status.position} in line` : ""}
        </span>
      );
    case "analysing":
      return <span class="badge">analysing {Math.round(status.progress * 100)} %</span>;
    case "ready":
      return <span class="badge">ready</span>;
    case "failed":
      return <span class="badge badge-danger" title={status.reason}>failed: {status.reason}</span>;
  }
}

function TrackRow({ row, query }: { row: LibraryRow; query: LibraryQuery }) {
  return (
    <tr data-track-id={row.id}>
      <td>
        <a href={`/cloud/tracks/${row.id}`}>
          <strong>{row.title}</strong>
        </a>
        {row.artist ? <span class="muted">· {row.artist}</span> : null}
        {row.likelyDuplicateOf
          ? (
            <span class="badge badge-warning" title="Same audio as another track, other tags">
              likely duplicate
            </span>
          )
          : null}
      </td>
      <td>{row.bpm === null ? "—" : row.bpm.toFixed(1)}</td>
      <td>{row.keyCamelot ? `${row.keyCamelot} · ${row.keyName ?? ""}` : "—"}</td>
      <td>{row.genre ?? "—"}</td>
      <td>{formatDuration(row.durationSeconds)}</td>
      <td>{formatSize(row.sizeBytes)}</td>
      <td class={row.syncedDevices ? undefined : "muted"} data-testid="synced">
        {row.syncedDevices ? `${row.syncedDevices} ${row.syncedDevices === 1 ? "device" : "devices"}` : "—"}
      </td>
      <td>
        <StatusCell status={row.status} />
      </td>
      <td class="row-actions">
        {row.keyCamelot
          ? (
            <TableLink
              href={queryString(query, { compatibleWith: row.id, key: undefined, page: 1 })}
              label={`Compatible keys with ${row.title}`}
            >
              Compatible
            </TableLink>
          )
          : null}
        <form
          method="post"
          action={`/cloud/tracks/${row.id}/delete`}
          hx-post={`/cloud/tracks/${row.id}/delete${queryString(query, {})}`}
          hx-target="#library"
          hx-swap="outerHTML"
          hx-confirm={`Delete “${row.title}”?`}
        >
          <button type="submit" class="button button-small button-danger" aria-label={`Delete ${row.title}`}>
            Delete
          </button>
        </form>
      </td>
    </tr>
  );
}

function Filters({ query, genres }: { query: LibraryQuery; genres: string[] }) {
  return (
    <form
      class="filters"
      method="get"
      action="/cloud"
      hx-get="/cloud/tracks"
      hx-target="#library"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit, change, input changed delay:300ms from:find input[type=search]"
    >
      <input
        type="search"
        name="q"
        value={query.text ?? ""}
        placeholder="Search title, artist, album, genre"
        aria-label="Search tracks"
        maxlength={200}
      />
      <input
        type="number"
        name="bpmMin"
        value={query.bpmMin ?? ""}
        placeholder="BPM from"
        aria-label="BPM from"
        min={0}
        max={400}
        step="any"
      />
      <input
        type="number"
        name="bpmMax"
        value={query.bpmMax ?? ""}
        placeholder="BPM to"
        aria-label="BPM to"
        min={0}
        max={400}
        step="any"
      />
      <select name="key" aria-label="Key">
        <option value="">Any key</option>
        {CAMELOT_CODES.map((code) => (
          <option key={code} value={code} selected={query.key === code}>{code}</option>
        ))}
      </select>
      <select name="genre" aria-label="Genre">
        <option value="">Any genre</option>
        {genres.map((genre) => (
          <option key={genre} value={genre} selected={query.genre?.toLowerCase() === genre.toLowerCase()}>
            {genre}
          </option>
        ))}
      </select>
      {query.compatibleWith ? <input type="hidden" name="compatible" value={query.compatibleWith} /> : null}
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.direction} />
      <button type="submit" class="button button-small">Filter</button>
    </form>
  );
}

/** The filters, the table and the pager: what htmx swaps on every filter, sort, page or delete. */
export function Library(
  { page, query, genres, message }: {
    page: LibraryPage;
    query: LibraryQuery;
    genres: string[];
    message?: string;
  },
) {
  return (
    <section
      class="panel"
      id="library"
      aria-labelledby="library-heading"
      hx-get={`/cloud/tracks${queryString(query, {})}`}
      hx-trigger={page.rows.some((row) => row.status.state === "queued" || row.status.state === "analysing")
        ? "cloud:library-changed from:body, every 3s"
        : "cloud:library-changed from:body"}
      hx-swap="outerHTML"
    >
      <h2 id="library-heading">Your Tracks</h2>
      <Filters query={query} genres={genres} />
      {message ? <Notice kind="info">{message}</Notice> : null}
      {page.compatibleKeys
        ? (
          <p class="muted" data-testid="compatible-note">
            Keys that mix with the chosen track:{" "}
            {page.compatibleKeys.join(", ") || "none (it has no key yet)"} ·{" "}
            <TableLink href={queryString(query, { compatibleWith: undefined, page: 1 })}>
              show all keys
            </TableLink>
          </p>
        )
        : null}
      <div class="table-wrap">
        <table data-testid="track-table">
          <thead>
            <tr>
              <SortHeader query={query} sort="title">Track</SortHeader>
              <SortHeader query={query} sort="bpm">BPM</SortHeader>
              <SortHeader query={query} sort="key">Key</SortHeader>
              <SortHeader query={query} sort="genre">Genre</SortHeader>
              <SortHeader query={query} sort="duration">Duration</SortHeader>
              <SortHeader query={query} sort="size">Size</SortHeader>
              <th>Synced</th>
              <th>Status</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.length
              ? page.rows.map((row) => <TrackRow key={row.id} row={row} query={query} />)
              : (
                <tr>
                  <td colspan={9} class="muted">
                    {page.total === 0 && !query.text
                      ? "No tracks yet. Upload some above."
                      : "No tracks match."}
                  </td>
                </tr>
              )}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        <span class="muted" data-testid="track-count">
          {page.total} {page.total === 1 ? "track" : "tracks"} · page {page.page} of {page.pageCount}
        </span>
        {page.page > 1
          ? <TableLink href={queryString(query, { page: page.page - 1 })}>Previous</TableLink>
          : null}
        {page.page < page.pageCount
          ? <TableLink href={queryString(query, { page: page.page + 1 })}>Next</TableLink>
          : null}
      </nav>
    </section>
  );
}

export function CloudPage(
  props: {
    usage: StorageUsage;
    verified: boolean;
    page: LibraryPage;
    query: LibraryQuery;
    genres: string[];
    scripts: { js: string; css: string };
  },
) {
  return (
    <>
      <link rel="stylesheet" href={props.scripts.css} />
      <PageHeader
        title="MIXERA Cloud"
        intro="Your music library: upload once, find it on every MIXERA controller."
      />
      <nav class="library-links" aria-label="MIXERA Cloud">
        <a href="/cloud/playlists">Playlists · MIXEY AI</a>
        <a href="/cloud/sync">Sync Settings · Linked Devices</a>
        <a href="/cloud/export/library.xml">Export library (rekordbox XML)</a>
        <a href="/cloud/export/library.m3u8">Export library (m3u8)</a>
      </nav>
      <StorageBar usage={props.usage} />
      <UploadZone verified={props.verified} />
      <Library page={props.page} query={props.query} genres={props.genres} />
      {props.verified ? <script src={props.scripts.js} type="module"></script> : null}
    </>
  );
}
