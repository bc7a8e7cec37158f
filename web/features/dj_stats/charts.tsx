/**
 * @module
 * Server-rendered SVG charts: plain markup that reads without JavaScript, each with a title, a
 * description and its numbers as a table below it for screen readers and copy-paste.
 */
import type { Child } from "hono/jsx";

export interface Bar {
  label: string;
  value: number;
  /** How the value is written in labels and the table, e.g. `12.5 h`. */
  text: string;
}

function ChartTable(
  { caption, head, rows }: { caption: string; head: [string, string]; rows: [string, string][] },
) {
  return (
    <details class="chart-data">
      <summary>Show the numbers</summary>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/**
 * Horizontal bars, one per row, scaled to the largest value.
 *
 * @example
 * <BarChart id="genres" title="Top genres" head={["Genre", "Plays"]} bars={[{ label: "House", value: 40, text: "40" }]} />
 */
export function BarChart(
  { id, title, head, bars }: { id: string; title: string; head: [string, string]; bars: Bar[] },
) {
  const rowHeight = 26;
  const labelWidth = 130;
  const width = 420;
  const height = Math.max(1, bars.length) * rowHeight;
  const max = Math.max(...bars.map((b) => b.value), 0) || 1;
  const span = width - labelWidth - 70;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-chart={id}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{bars.map((b) => `${b.label}: ${b.text}`).join("; ") || "No data yet"}</desc>
        {bars.map((bar, i) => {
          const y = i * rowHeight;
          const length = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * span);
          return (
            <g>
              <text x={0} y={y + 17} class="chart-label">{bar.label}</text>
              <rect x={labelWidth} y={y + 5} width={length.toFixed(1)} height={16} rx={3} class="chart-bar" />
              <text x={labelWidth + length + 6} y={y + 17} class="chart-value">{bar.text}</text>
            </g>
          );
        })}
      </svg>
      <ChartTable caption={title} head={head} rows={bars.map((b) => [b.label, b.text])} />
    </figure>
  );
}

export interface Cell {
  /** What the cell stands for, e.g. `2026-11-28` or `Saturday 23:00`. */
  label: string;
  value: number;
  text: string;
}

/**
 * A grid of shaded squares (rows × columns), darker for larger values: the session heatmap and the
 * weekday × hour chart. Only cells with a value are listed in the table.
 */
export function HeatGrid(
  { id, title, head, rows, columnLabels, rowLabels, legend }: {
    id: string;
    title: string;
    head: [string, string];
    rows: Cell[][];
    columnLabels?: string[];
    rowLabels?: string[];
    legend?: Child;
  },
) {
  const size = 14;
  const gap = 3;
  const left = rowLabels ? 34 : 0;
  const top = columnLabels ? 14 : 0;
  const columns = Math.max(...rows.map((r) => r.length), 1);
  const width = left + columns * (size + gap);
  const height = top + rows.length * (size + gap);
  const max = Math.max(...rows.flat().map((c) => c.value), 0) || 1;
  const filled = rows.flat().filter((c) => c.value > 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-chart={id}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          {filled.length ? filled.map((c) => `${c.label}: ${c.text}`).join("; ") : "No activity yet"}
        </desc>
        {columnLabels?.map((label, i) =>
          label ? <text x={left + i * (size + gap)} y={10} class="chart-axis">{label}</text> : null
        )}
        {rowLabels?.map((label, i) => (
          <text x={0} y={top + i * (size + gap) + 11} class="chart-axis">{label}</text>
        ))}
        {rows.map((row, r) =>
          row.map((cell, col) => {
            const level = cell.value > 0 ? Math.min(4, 1 + Math.floor((cell.value / max) * 3.999)) : 0;
            return (
              <rect
                x={left + col * (size + gap)}
                y={top + r * (size + gap)}
                width={size}
                height={size}
                rx={3}
                class={`heat heat-${level}`}
              >
                <title>{`${cell.label}: ${cell.text}`}</title>
              </rect>
            );
          })
        )}
      </svg>
      {legend}
      <ChartTable caption={title} head={head} rows={filled.map((c) => [c.label, c.text])} />
    </figure>
  );
}
