/** @module Building blocks of the documentation pages: numbered sections, the table of contents, tables, code. */
import type { Child } from "hono/jsx";

export interface SectionInfo {
  id: string;
  title: string;
}

/** Numbers sections in order, so the table of contents and the headings cannot disagree. */
export function numbered(sections: readonly SectionInfo[]): (SectionInfo & { number: number })[] {
  return sections.map((section, index) => ({ ...section, number: index + 1 }));
}

export function TableOfContents({ sections }: { sections: (SectionInfo & { number: number })[] }) {
  return (
    <nav class="panel docs-toc" aria-labelledby="toc">
      <h2 id="toc">Table of Contents</h2>
      <ol>
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`}>{section.title}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function DocSection(
  { section, children }: { section: SectionInfo & { number: number }; children: Child },
) {
  return (
    <section class="panel docs-section" id={section.id} aria-labelledby={`${section.id}-title`}>
      <h2 id={`${section.id}-title`}>
        <span class="docs-number">{section.number}</span> {section.title}
      </h2>
      {children}
    </section>
  );
}

export function Code({ children }: { children: string }) {
  return <pre class="code-block"><code>{children}</code></pre>;
}

/** A table that scrolls inside its own box on narrow screens; the columns in `code` are set as code. */
export function Table(
  { head, rows, code = [], testId }: { head: string[]; rows: string[][]; code?: number[]; testId?: string },
) {
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>{head.map((cell) => <th key={cell}>{cell}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column}>{code.includes(column) ? <code>{cell}</code> : cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Names set as code and joined by `separator`, e.g. `play`, `pause`. */
export function CodeList({ items, separator = ", " }: { items: readonly string[]; separator?: string }) {
  return (
    <>
      {items.map((item, index) => (
        <span key={item}>
          {index ? separator : ""}
          <code>{item}</code>
        </span>
      ))}
    </>
  );
}
