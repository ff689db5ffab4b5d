import { REVIEW_LABEL_VALUES } from '../review-types';
import { ConsoleAssets } from './console-assets';

/** A keyboard shortcut, as the page lists it. */
interface Shortcut {
  readonly key: string;
  readonly action: string;
}

/** The console's shortcuts; the script binds the same keys. */
export const CONSOLE_SHORTCUTS: readonly Shortcut[] = Object.freeze([
  { key: 'A', action: 'Approve (content stays)' },
  { key: 'R', action: 'Remove' },
  { key: 'E', action: 'Escalate to the senior queue' },
  { key: 'V', action: 'Reveal or blur the image' },
  { key: 'G', action: 'Grayscale on or off' },
  { key: 'U', action: 'Release the item to its queue' },
  { key: 'N', action: 'Next item' },
]);

const LABEL_NAMES: Readonly<Record<string, string>> = Object.freeze({ violating: 'violating', not_violating: 'not violating', unsure: 'unsure' });

/**
 * The console's one page. It carries no data: everything is fetched by the script with the
 * reviewer's key, so the page itself can be public and cached per release.
 */
export function renderConsolePage(assets: ConsoleAssets): string {
  const shortcuts = CONSOLE_SHORTCUTS.map((shortcut) => `<li><kbd>${shortcut.key}</kbd> ${shortcut.action}</li>`).join('');
  const labelOptions = REVIEW_LABEL_VALUES.map((value) => `<option value="${value}">${LABEL_NAMES[value]}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Review console · clip-moderation</title>
<link rel="icon" href="/review/icon.svg?v=${assets.icon.version}" type="image/svg+xml">
<link rel="stylesheet" href="/review/console.css?v=${assets.style.version}">
</head>
<body>
<header class="bar">
  <h1>Review console</h1>
  <span id="who" class="who"></span>
  <button type="button" id="sign-out" class="link" hidden>Sign out</button>
</header>
<section id="sign-in" class="sign-in">
  <form id="sign-in-form" autocomplete="off">
    <label for="key-input">API key (reviewer or admin)</label>
    <input id="key-input" name="key" type="password" spellcheck="false" required>
    <button type="submit" id="sign-in-button">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
    <p class="hint">The key stays in this tab only (session storage) and is sent with each request.</p>
  </form>
</section>
<main id="console" class="console" hidden>
  <aside class="side">
    <h2>Queues</h2>
    <ul id="queue-list" class="queues"></ul>
    <h2>Keys</h2>
    <ul class="shortcuts">${shortcuts}</ul>
  </aside>
  <section class="work">
    <div id="empty" class="empty" hidden>
      <p>Nothing to review in <strong id="empty-queue"></strong> right now.</p>
      <button type="button" id="check-again">Check again (N)</button>
    </div>
    <article id="item" class="item" hidden>
      <div class="media">
        <figure id="figure" class="figure blurred">
          <img id="image" alt="Image under review">
          <figcaption id="veil">Blurred. Click or press V to reveal.</figcaption>
        </figure>
        <p id="image-state" class="muted"></p>
        <div class="tools">
          <button type="button" id="reveal">Reveal (V)</button>
          <label><input type="checkbox" id="grayscale"> Grayscale (G)</label>
        </div>
      </div>
      <div class="facts">
        <h2 id="item-title"></h2>
        <dl id="item-facts" class="dl"></dl>
        <p id="evaluation" class="evaluation" hidden><a id="evaluation-link" href="#">Latest evaluation report of this policy</a> <span id="evaluation-meta" class="muted"></span></p>
        <p id="item-reason" class="reason" hidden></p>
        <table class="scores">
          <thead><tr><th>Category</th><th>Score against thresholds</th><th>Action</th><th>Best-matching prompt</th><th>Your label</th></tr></thead>
          <tbody id="categories"></tbody>
        </table>
        <template id="label-template"><select class="label-select"><option value="">follow verdict</option>${labelOptions}</select></template>
        <p class="hint">Labels left on "follow verdict" are stored for flagged categories only: violating on remove, not violating on approve, unsure on escalate.</p>
        <label for="note" class="note-label">Note</label>
        <textarea id="note" rows="2" maxlength="4000"></textarea>
        <div class="actions">
          <button type="button" id="approve" class="approve">Approve (A)</button>
          <button type="button" id="remove" class="remove">Remove (R)</button>
          <button type="button" id="escalate">Escalate (E)</button>
          <button type="button" id="release" class="link">Release (U)</button>
        </div>
      </div>
    </article>
    <p id="status" class="status" role="status" aria-live="polite"></p>
  </section>
</main>
<script src="/review/console.js?v=${assets.script.version}" defer></script>
</body>
</html>
`;
}
