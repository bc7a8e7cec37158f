/** @module The DJ Stats page: every panel of the stats model, drawn as text and server-rendered SVG. */
import type { Child } from "hono/jsx";
import { PageHeader } from "../../ui/components.tsx";
import { ScrollingTable } from "../../ui/table.tsx";
import { formatTime } from "../../ui/format.ts";
import { categoryInfo, formatAmount } from "./badges.ts";
import { BarChart, HeatGrid } from "./charts.tsx";
import { formatHour12, formatHours, formatLastUpdated, formatMinutes } from "./format.ts";
import type { DjStats, TransitionView } from "./model.ts";
import { WEEKDAYS } from "./model.ts";
import { djStatsStyles } from "./styles.ts";

/** The seed's banner for pages that show demo data. */
export function DemoBanner({ children }: { children: Child }) {
  return (
    <div class="notice notice-info demo-banner" role="status" data-testid="demo-banner">
      <strong class="badge badge-warning">Preview Mode - Demo Data</strong> <span>{children}</span>
    </div>
  );
}

function Panel(
  { id, title, wide, children }: { id: string; title: string; wide?: boolean; children: Child },
) {
  return (
    <section
      class={wide ? "panel stats-panel stats-wide" : "panel stats-panel"}
      aria-labelledby={id}
      data-panel={id}
    >
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Figure({ value, label, testId }: { value: Child; label: string; testId?: string }) {
  return (
    <div class="stat-figure">
      <strong data-testid={testId}>{value}</strong>
      <span>{label}</span>
    </div>
  );
}

function MixeyPanel({ summary }: { summary: string | null }) {
  return (
    <Panel id="mixey" title="MIXEY" wide>
      <p class="mixey-intro">
        <span class="badge">AI</span>{" "}
        Click the button below to get your personalized weekly summary from MIXEY!
      </p>
      <form
        method="get"
        action="/dj-stats"
        hx-get="/dj-stats/weekly-summary"
        hx-target="#mixey-summary"
        hx-swap="innerHTML"
      >
        <input type="hidden" name="summary" value="week" />
        <button type="submit" class="button">Get my weekly summary</button>
      </form>
      <div id="mixey-summary" aria-live="polite">
        {summary ? <WeeklySummaryText text={summary} /> : null}
      </div>
    </Panel>
  );
}

export function WeeklySummaryText({ text }: { text: string }) {
  return <p class="mixey-summary" data-testid="weekly-summary">{text}</p>;
}

function describePlay(view: TransitionView, side: "from" | "to"): string {
  const play = view[side];
  if (!play) return "Unknown track";
  const name = play.title ? (play.artist ? `${play.artist} – ${play.title}` : play.title) : "Untitled track";
  return play.key ? `${name} (${play.key})` : name;
}

const RELATION_NAMES: Record<string, string> = {
  same: "Same key",
  adjacent: "Adjacent key",
  relative: "Relative major/minor",
  diagonal: "Diagonal",
  energy_boost: "Energy boost",
  clash: "Key clash",
  unknown: "Key unknown",
};

function TransitionTable({ title, views }: { title: string; views: TransitionView[] }) {
  return (
    <>
      <h3>{title}</h3>
      {views.length
        ? (
          <ScrollingTable columns={["From", "To", "Tempo change", "Key", "Score"]}>
            {views.map((v) => (
              <tr>
                <td>{describePlay(v, "from")}</td>
                <td>{describePlay(v, "to")}</td>
                <td>
                  {v.transition.tempoDeltaPct === null ? "–" : `${v.transition.tempoDeltaPct.toFixed(1)} %`}
                </td>
                <td>{RELATION_NAMES[v.transition.camelotRelation]}</td>
                <td>{v.score}</td>
              </tr>
            ))}
          </ScrollingTable>
        )
        : <p class="muted">No transitions yet.</p>}
    </>
  );
}

function TransitionPanel({ stats }: { stats: DjStats }) {
  const t = stats.transitions;
  return (
    <Panel id="transition-analysis" title="Transition Analysis" wide>
      <div class="stat-figures">
        <Figure value={`${t.harmonicPct} %`} label="harmonic" testId="harmonic-pct" />
        <Figure value={t.count} label="transitions" testId="transition-count" />
        <Figure
          value={t.averageOverlapBeats === null ? "–" : `${t.averageOverlapBeats} beats`}
          label="average overlap"
          testId="average-overlap"
        />
        <Figure value={`${t.phraseAlignedPct} %`} label="on a phrase boundary" />
      </div>
      <BarChart
        id="tempo-buckets"
        title="Tempo changes"
        head={["Tempo change", "Transitions"]}
        bars={[
          { label: "Seamless ≤ 2 %", value: t.buckets.seamless, text: String(t.buckets.seamless) },
          { label: "Normal ≤ 6 %", value: t.buckets.normal, text: String(t.buckets.normal) },
          { label: "Hard > 6 %", value: t.buckets.hard, text: String(t.buckets.hard) },
        ]}
      />
      <div class="stats-columns">
        <div data-testid="best-transitions">
          <TransitionTable title="Best transitions" views={t.best} />
        </div>
        <div data-testid="worst-transitions">
          <TransitionTable title="Worst transitions" views={t.worst} />
        </div>
      </div>
    </Panel>
  );
}

function GenresPanel({ stats }: { stats: DjStats }) {
  return (
    <Panel id="top-genres" title="Top Genres">
      {stats.topGenres.length
        ? (
          <BarChart
            id="genres"
            title="Top genres by plays"
            head={["Genre", "Share of plays"]}
            bars={stats.topGenres.map((g) => ({ label: g.genre, value: g.plays, text: `${g.percent} %` }))}
          />
        )
        : <p class="muted">No genres tagged yet.</p>}
    </Panel>
  );
}

function ActivityPanel({ stats }: { stats: DjStats }) {
  return (
    <Panel id="activity" title="Activity">
      <div class="stat-figures">
        <Figure value={stats.totals.sessions} label="sessions" testId="total-sessions" />
        <Figure value={formatHours(Math.round(stats.totals.playSeconds / 360) / 10)} label="played" />
        <Figure value={stats.totals.tracksPlayed} label="tracks" testId="total-tracks" />
      </div>
      <BarChart
        id="weekly-hours"
        title="Hours played per week"
        head={["Week from", "Hours"]}
        bars={stats.activity.map((w) => ({ label: w.weekStart, value: w.hours, text: formatHours(w.hours) }))}
      />
    </Panel>
  );
}

function AchievementsPanel({ stats }: { stats: DjStats }) {
  return (
    <Panel id="achievements" title="Achievements Unlocked">
      {stats.achievements.length
        ? (
          <ul class="badge-list" data-testid="achievements">
            {stats.achievements.map((badge) => {
              const info = categoryInfo(badge.category);
              return (
                <li>
                  <span class="badge-icon" role="img" aria-label={info.iconName}>{info.icon}</span>{" "}
                  <strong>{badge.name}</strong>{" "}
                  <span class="muted">{formatAmount(info, badge.threshold)}</span>
                </li>
              );
            })}
          </ul>
        )
        : <p class="muted">No badges yet: your first session earns one.</p>}
      <p>
        <a href="/leaderboard">Badges and the Community Leaderboard</a>
      </p>
    </Panel>
  );
}

function PowerPanel({ stats }: { stats: DjStats }) {
  const p = stats.power;
  return (
    <Panel id="power-climate" title="Power & Climate">
      <div class="stat-figures">
        <Figure value={`${p.kwh} kWh`} label="energy used" testId="energy-kwh" />
        <Figure value={`${p.co2Kg} kg`} label="CO₂ produced" testId="co2-kg" />
        <Figure value={p.trees} label={p.trees === 1 ? "tree planted" : "trees planted"} testId="trees" />
      </div>
      <p>For every 100 kWh used, MIXERA plants a tree to offset your carbon footprint.</p>
      <p class="muted">
        Grid factor {p.gridFactor.kgCo2PerKwh} kg CO₂/kWh ({p.gridFactor.region} {p.gridFactor.year}).{" "}
        <a href="/sustainability">Sustainability</a>
      </p>
    </Panel>
  );
}

function BpmPanel({ stats }: { stats: DjStats }) {
  const bpm = stats.bpm;
  return (
    <Panel id="bpm-range" title="BPM Range">
      {bpm
        ? (
          <>
            <p class="stat-line" data-testid="bpm-range">
              <strong>{bpm.min}–{bpm.max} BPM</strong> <span class="muted">average {bpm.average} BPM</span>
            </p>
            <BarChart
              id="bpm-histogram"
              title="Plays by tempo"
              head={["Tempo", "Plays"]}
              bars={bpm.buckets.map((b) => ({
                label: `${b.from}–${b.from + 9} BPM`,
                value: b.plays,
                text: String(b.plays),
              }))}
            />
          </>
        )
        : <p class="muted">No tempo data yet.</p>}
    </Panel>
  );
}

function WhenPanel({ stats }: { stats: DjStats }) {
  const when = stats.whenYouDj;
  const shortDays = WEEKDAYS.map((d) => d.slice(0, 3));
  return (
    <Panel id="when-you-dj" title="When You DJ" wide>
      <p data-testid="most-active">
        {when.mostActive
          ? (
            <>
              Most active: <strong>{when.mostActive.weekday} {formatHour12(when.mostActive.hour)}</strong>
              {" "}
              (UTC)
            </>
          )
          : "No sessions yet."}
      </p>
      <HeatGrid
        id="weekday-hours"
        title="Minutes played by weekday and hour (UTC)"
        head={["Weekday and hour", "Minutes"]}
        rowLabels={shortDays}
        columnLabels={Array.from({ length: 24 }, (_, h) => (h % 6 === 0 ? String(h) : ""))}
        rows={when.grid.map((row, weekday) =>
          row.map((seconds, hour) => ({
            label: `${WEEKDAYS[weekday]} ${String(hour).padStart(2, "0")}:00`,
            value: seconds,
            text: formatMinutes(Math.round(seconds / 60)),
          }))
        )}
      />
    </Panel>
  );
}

function FunFactsPanel({ stats }: { stats: DjStats }) {
  return (
    <Panel id="fun-facts" title="Fun Facts">
      {stats.funFacts.length
        ? <ul data-testid="fun-facts">{stats.funFacts.map((fact) => <li>{fact}</li>)}</ul>
        : <p class="muted">Play a session to unlock some facts.</p>}
    </Panel>
  );
}

function HeatmapPanel({ stats }: { stats: DjStats }) {
  const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const columns = stats.heatmap;
  const rows = days.map((_, weekday) => columns.map((week) => week[weekday]));
  return (
    <Panel id="session-heatmap" title="Session Heatmap (Last 12 Weeks)" wide>
      <HeatGrid
        id="heatmap"
        title="Minutes played per day over the last 12 weeks"
        head={["Day", "Minutes played"]}
        rowLabels={days}
        rows={rows.map((row) =>
          row.map((cell) => ({ label: cell.day, value: cell.minutes, text: formatMinutes(cell.minutes) }))
        )}
        legend={<p class="muted chart-legend">Darker squares: more minutes played that day (UTC).</p>}
      />
    </Panel>
  );
}

function RecordsPanel({ stats }: { stats: DjStats }) {
  const r = stats.records;
  return (
    <Panel id="personal-records" title="Personal Records">
      <dl class="facts" data-testid="personal-records">
        <dt>Longest session</dt>
        <dd>
          {r.longestSession
            ? `${formatMinutes(r.longestSession.minutes)} (${formatTime(r.longestSession.startedAt)})`
            : "–"}
        </dd>
        <dt>Most tracks in a session</dt>
        <dd>{r.mostTracksInSession ? r.mostTracksInSession.tracks : "–"}</dd>
        <dt>Longest blend</dt>
        <dd>{r.longestBlendBeats === null ? "–" : `${r.longestBlendBeats} beats`}</dd>
        <dt>Longest streak</dt>
        <dd>{r.longestStreakDays ? `${r.longestStreakDays} days in a row` : "–"}</dd>
        <dt>Fastest tempo</dt>
        <dd>{r.fastestBpm === null ? "–" : `${r.fastestBpm} BPM`}</dd>
        <dt>Busiest day</dt>
        <dd>{r.busiestDay ? `${r.busiestDay.day}: ${formatHours(r.busiestDay.hours)}` : "–"}</dd>
      </dl>
    </Panel>
  );
}

/** Where a session's setlist page is. */
export function setlistPath(session: { deviceId: string; localId: string }): string {
  return `/dj-stats/sessions/${encodeURIComponent(session.deviceId)}/${encodeURIComponent(session.localId)}`;
}

function SetlistsPanel({ stats, demo }: { stats: DjStats; demo: boolean }) {
  const sessions = stats.sessions.slice(0, 20);
  return (
    <Panel id="setlists" title="Setlist History" wide>
      {demo
        ? (
          <p class="muted">
            Your sessions and their setlists appear here once your controller has sent them.
          </p>
        )
        : sessions.length
        ? (
          <ScrollingTable columns={["Started", "Length", "Tracks", "Setlist"]}>
            {sessions.map((s) => (
              <tr data-session={s.id}>
                <td>{formatTime(s.startedAt)}</td>
                <td>{formatMinutes(s.minutes)}</td>
                <td>{s.tracks}</td>
                <td>
                  <a href={setlistPath(s)}>Setlist</a>
                </td>
              </tr>
            ))}
          </ScrollingTable>
        )
        : <p class="muted">No sessions yet.</p>}
    </Panel>
  );
}

export function DjStatsPage(
  { stats, demo, summary }: { stats: DjStats; demo: boolean; summary: string | null },
) {
  return (
    <div class="dj-stats">
      <djStatsStyles.Link />
      <PageHeader title="Your DJ Statistics" />
      <p class="muted" data-testid="last-updated">
        Last updated: {demo ? "Today" : formatLastUpdated(stats.newestBatchAt, stats.now)}
      </p>
      {demo
        ? (
          <DemoBanner>
            This is a preview of upcoming features. The statistics shown are simulated demo data. Real data
            will be available once you connect your MIXERA controller.
          </DemoBanner>
        )
        : null}
      <div class="stats-grid">
        <MixeyPanel summary={summary} />
        <TransitionPanel stats={stats} />
        <GenresPanel stats={stats} />
        <ActivityPanel stats={stats} />
        <AchievementsPanel stats={stats} />
        <PowerPanel stats={stats} />
        <BpmPanel stats={stats} />
        <FunFactsPanel stats={stats} />
        <WhenPanel stats={stats} />
        <HeatmapPanel stats={stats} />
        <RecordsPanel stats={stats} />
        <SetlistsPanel stats={stats} demo={demo} />
      </div>
    </div>
  );
}
