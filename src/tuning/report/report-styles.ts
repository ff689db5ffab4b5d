/** The report's only stylesheet, inlined so the file stands alone (no CDN, no network). */
export const REPORT_STYLES = `
:root { color-scheme: light; --ink: #212529; --muted: #6c757d; --line: #dee2e6; --pos: #e8590c; --neg: #1971c2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f8f9fa; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-top: 16px; border-top: 2px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta code { color: var(--ink); }
.notice { border-left: 4px solid #f08c00; background: #fff9db; padding: 10px 14px; margin: 16px 0; }
.lint { border-left: 4px solid #c92a2a; background: #fff5f5; padding: 10px 14px; margin: 16px 0; }
.lint ul { margin: 6px 0 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 6px; border-bottom: 1px solid var(--line); text-align: right; }
th { background: #f1f3f5; font-weight: 600; }
th:first-child, td:first-child { text-align: left; white-space: nowrap; }
th.group { text-align: center; border-left: 1px solid var(--line); }
td.group-start, th.group-start { border-left: 1px solid var(--line); }
.tag { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; background: #e9ecef; color: var(--ink); }
.tag.shadow { background: #e5dbff; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.charts figure { margin: 0; }
.charts figcaption { color: var(--muted); font-size: 12px; max-width: 380px; }
svg .tick { font-size: 10px; fill: #495057; }
svg .axis-label { font-size: 11px; fill: #495057; }
svg .marker { font-size: 11px; font-weight: 600; fill: #212529; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .legend { font-size: 11px; fill: #212529; }
svg .empty { font-size: 13px; fill: #868e96; }
.confusion { width: auto; min-width: 320px; }
.confusion td, .confusion th { text-align: center; }
.lists { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
.lists ol { margin: 0; padding-left: 0; list-style: none; }
.lists li { display: flex; align-items: center; gap: 8px; padding: 3px 0; border-bottom: 1px solid #f1f3f5; }
.lists li img { width: 36px; height: 36px; object-fit: cover; border-radius: 4px; flex: none; border: 1px solid var(--line); }
.thumb { position: relative; flex: none; display: block; width: 36px; height: 36px; overflow: hidden; border-radius: 4px; cursor: pointer; }
.thumb input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.thumb:focus-within { outline: 2px solid #1971c2; outline-offset: 1px; }
.lists .thumb img { display: block; filter: blur(5px) saturate(.6); }
.lists .thumb input:checked + img, body:has(#reveal-all:checked) .lists .thumb img { filter: none; }
body:has(#grayscale:checked) .lists .thumb img { filter: blur(5px) grayscale(1); }
body:has(#grayscale:checked) .lists .thumb input:checked + img, body:has(#grayscale:checked):has(#reveal-all:checked) .lists .thumb img { filter: grayscale(1); }
.wellness { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; color: var(--muted); font-size: 13px; margin: 8px 0; }
.wellness label { color: var(--ink); cursor: pointer; }
.lists .id { flex: 1; word-break: break-all; }
.lists .score { font-variant-numeric: tabular-nums; }
.label-pos { color: var(--pos); font-weight: 600; }
.label-neg { color: var(--neg); font-weight: 600; }
.label-none { color: var(--muted); }
.empty-list { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
.tag.active { background: #d3f9d8; }
table.words th, table.words td { text-align: left; vertical-align: top; }
ul.changes { margin: 6px 0; padding-left: 20px; }
ul.changes li { margin: 2px 0; }
ins.added { background: #ebfbee; color: #2b8a3e; text-decoration: none; padding: 0 2px; border-radius: 3px; }
del.removed { background: #fff5f5; color: #c92a2a; padding: 0 2px; border-radius: 3px; }
`;
