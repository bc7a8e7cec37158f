/** @module The Leaderboard page, the Badge Legend, and the "Badges & Leaderboard" settings block of Profile. */
import { Notice, PageHeader } from "../../ui/components.tsx";
import { ScrollingTable } from "../../ui/table.tsx";
import {
  BADGE_CATEGORIES,
  type BadgeDefinition,
  type BadgeProgress,
  BADGES,
  categoryInfo,
  DemoBanner,
  djStatsStyles,
  formatAmount,
} from "../dj_stats/mod.ts";
import type { Board, Period } from "./board.ts";
import type { LeaderboardChoices } from "./settings.ts";

const PERIOD_NAMES: Record<Period, string> = { week: "This week", all: "All time" };

function BadgeIcon({ badge }: { badge: BadgeDefinition }) {
  const info = categoryInfo(badge.category);
  return (
    <span class="badge" title={`${badge.name}: ${formatAmount(info, badge.threshold)}`}>
      <span role="img" aria-label={info.iconName}>{info.icon}</span> {badge.name}
    </span>
  );
}

function formatValue(board: Board, value: number): string {
  const info = categoryInfo(board.category);
  return formatAmount(info, value);
}

function BoardLinks({ board }: { board: Board }) {
  const link = (category: string, period: Period) => `/leaderboard?category=${category}&period=${period}`;
  return (
    <>
      <nav class="tab-links" aria-label="Category">
        {BADGE_CATEGORIES.map((c) => (
          <a
            class="button button-small button-quiet"
            href={link(c.category, board.period)}
            aria-current={c.category === board.category ? "page" : undefined}
          >
            <span aria-hidden="true">{c.icon}</span> {c.title}
          </a>
        ))}
      </nav>
      <nav class="tab-links" aria-label="Period">
        {(["week", "all"] as const).map((p) => (
          <a
            class="button button-small button-quiet"
            href={link(board.category, p)}
            aria-current={p === board.period ? "page" : undefined}
          >
            {PERIOD_NAMES[p]}
          </a>
        ))}
      </nav>
    </>
  );
}

function BoardTable({ board, viewerId }: { board: Board; viewerId: string }) {
  const info = categoryInfo(board.category);
  if (!board.entries.length) {
    return <p class="muted" data-testid="board-empty">No opted-in DJ has played in this period yet.</p>;
  }
  return (
    <ScrollingTable class="leaderboard" columns={["Rank", "DJ", info.title, "Badges"]}>
      {board.entries.map((e) => (
        <tr
          data-testid="board-row"
          data-rank={e.rank}
          class={e.userId === viewerId ? "board-you" : undefined}
        >
          <td class="rank">
            <span aria-hidden="true">{info.icon}</span> {e.rank}
          </td>
          <td data-testid="board-name">
            {e.displayName}
            {e.userId === viewerId ? <span class="muted">{" (you)"}</span> : null}
          </td>
          <td data-testid="board-value">{formatValue(board, e.value)}</td>
          <td>{e.badges.map((b) => <BadgeIcon badge={b} />)}</td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

function BadgeLegend() {
  return (
    <section class="panel" aria-labelledby="badge-legend">
      <h2 id="badge-legend">Badge Legend</h2>
      <p class="panel-intro">
        Rank badges use icons specific to each category (clock for playtime, arrows for transitions, star for
        sessions, music note for tracks, fire for streaks)
      </p>
      <ScrollingTable columns={["Category", "Badges"]}>
        {BADGE_CATEGORIES.map((c) => (
          <tr>
            <th scope="row">
              <span role="img" aria-label={c.iconName}>{c.icon}</span> {c.title}
            </th>
            <td>
              {BADGES.filter((b) => b.category === c.category).map((b) =>
                `${b.name} (${formatAmount(c, b.threshold)})`
              )
                .join(" · ")}
            </td>
          </tr>
        ))}
      </ScrollingTable>
    </section>
  );
}

function ProgressPanel({ progress }: { progress: BadgeProgress[] }) {
  return (
    <section class="panel" aria-labelledby="your-progress">
      <h2 id="your-progress">Your Next Badges</h2>
      <ul class="badge-list" data-testid="badge-progress">
        {progress.map((p) => (
          <li>
            <span class="badge-icon" role="img" aria-label={p.category.iconName}>{p.category.icon}</span>{" "}
            {p.advice}
            {p.next
              ? (
                <progress
                  class="progress"
                  max={100}
                  value={p.next.percent}
                  aria-label={`${p.category.title} progress`}
                >
                  {p.next.percent} %
                </progress>
              )
              : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LeaderboardPage(
  { board, viewerId, progress, choices }: {
    board: Board;
    viewerId: string;
    progress: BadgeProgress[];
    choices: LeaderboardChoices;
  },
) {
  return (
    <div class="dj-stats">
      <djStatsStyles.Link />
      <PageHeader title="Community Leaderboard" />
      {board.hasRealData ? null : (
        <DemoBanner>
          This leaderboard uses demo data. Real rankings will be available when you connect your MIXERA
          controller.
        </DemoBanner>
      )}
      {choices.showOnLeaderboard ? null : (
        <Notice kind="info">
          You are not on the leaderboard. Turn on{" "}
          <a href="/profile#badges-leaderboard">Show on Leaderboard</a> in your profile to appear here.
        </Notice>
      )}
      <section class="panel" aria-labelledby="board-title">
        <h2 id="board-title">
          {categoryInfo(board.category).title} · {PERIOD_NAMES[board.period]}
        </h2>
        <BoardLinks board={board} />
        <BoardTable board={board} viewerId={viewerId} />
      </section>
      <ProgressPanel progress={progress} />
      <BadgeLegend />
    </div>
  );
}

/** Profile's "Badges & Leaderboard" block: the opt-in and a visibility switch per earned badge. */
export function LeaderboardSettingsPanel(
  { choices, earned }: { choices: LeaderboardChoices; earned: BadgeDefinition[] },
) {
  const show = choices.showOnLeaderboard;
  return (
    <section class="panel" aria-labelledby="badges-leaderboard" data-testid="leaderboard-settings">
      <h2 id="badges-leaderboard">Badges & Leaderboard</h2>
      <h3>Show on Leaderboard</h3>
      <p>Allow your stats to appear on the public leaderboard</p>
      <form method="post" action="/leaderboard/settings" class="actions">
        <input type="hidden" name="show" value={show ? "off" : "on"} />
        <button
          type="submit"
          class="button"
          aria-pressed={show ? "true" : "false"}
          data-testid="leaderboard-toggle"
        >
          {show ? "Hide me from the leaderboard" : "Show me on the leaderboard"}
        </button>
        <span data-testid="leaderboard-state">{show ? "On" : "Off"}</span>
      </form>
      <h3>Your Badges</h3>
      <p>Toggle which badges are visible on your profile and in leaderboards</p>
      {earned.length
        ? (
          <ul class="badge-list" data-testid="badge-toggles">
            {earned.map((badge) => {
              const visible = !choices.hiddenBadgeIds.has(badge.id);
              return (
                <li>
                  <form method="post" action="/leaderboard/badges" class="toggle-row">
                    <input type="hidden" name="badge" value={badge.id} />
                    <input type="hidden" name="visible" value={visible ? "off" : "on"} />
                    <BadgeIcon badge={badge} />
                    <button
                      type="submit"
                      class="button button-small button-quiet"
                      aria-pressed={visible ? "true" : "false"}
                      data-badge={badge.id}
                    >
                      {visible ? "Visible" : "Hidden"}
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        )
        : <p class="muted">You have not earned a badge yet. Play a session on your MIXERA controller!</p>}
    </section>
  );
}
