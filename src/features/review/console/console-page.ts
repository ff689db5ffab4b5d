import { REVIEW_LABEL_VALUES } from '../review-types';
import { CONSOLE_SCRIPT_FILES, ConsoleAssets } from './console-assets';

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
  { key: 'U', action: 'Undo the last verdict (while its confirmation shows)' },
  { key: 'S', action: 'Skip: give the item back and show the next (not shown again this session)' },
  { key: 'N', action: 'Next item (skips the one shown)' },
  { key: 'V', action: 'Reveal or blur the image' },
  { key: 'G', action: 'Grayscale on or off' },
  { key: 'Z', action: 'Zoom the revealed image (+ / − to zoom, Esc to close)' },
]);

/** Choices of the undo window, in seconds (0: verdicts are sent at once). */
const UNDO_WINDOW_CHOICES: readonly number[] = [0, 3, 5, 10];

/** The undo window a reviewer gets until they choose another. */
export const DEFAULT_UNDO_SECONDS = 5;

const LABEL_NAMES: Readonly<Record<string, string>> = Object.freeze({ violating: 'violating', not_violating: 'not violating', unsure: 'unsure' });

/**
 * The console's one page. It carries no data: everything is fetched by the script with the
 * reviewer's key, so the page itself can be public and cached per release.
 */
export function renderConsolePage(assets: ConsoleAssets): string {
  const shortcuts = CONSOLE_SHORTCUTS.map((shortcut) => `<li><kbd>${shortcut.key}</kbd> ${shortcut.action}</li>`).join('');
  const labelOptions = REVIEW_LABEL_VALUES.map((value) => `<option value="${value}">${LABEL_NAMES[value]}</option>`).join('');
  const undoOptions = UNDO_WINDOW_CHOICES.map(
    (seconds) => `<option value="${seconds}"${seconds === DEFAULT_UNDO_SECONDS ? ' selected' : ''}>${seconds === 0 ? 'off (send at once)' : `${seconds} s`}</option>`,
  ).join('');
  const scripts = CONSOLE_SCRIPT_FILES.map((file) => `<script src="/review/js/${file}?v=${assets.scripts.get(file)!.version}" defer></script>`).join('\n');
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
  <a id="search-link" class="nav" href="/review/search">Search past uploads</a>
  <a id="banks-link" class="nav" href="/review/banks">Banks</a>
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
    <p id="queue-why" class="hint"></p>
    <p class="hint">On sign-in the console opens your last queue if it has work, else the first with work of: review, other review queues, appeals, senior, quality.</p>
    <h2>Keys</h2>
    <ul class="shortcuts">${shortcuts}</ul>
    <h2>Settings</h2>
    <label class="setting">Undo window <select id="undo-seconds">${undoOptions}</select></label>
    <p class="hint">A verdict is sent when its undo window ends, or at once when you decide the next item or leave the page.</p>
  </aside>
  <section class="work">
    <div id="empty" class="empty" hidden>
      <p>Nothing to review in <strong id="empty-queue"></strong> right now.</p>
      <p id="empty-skipped" class="muted" hidden></p>
      <button type="button" id="check-again">Check again (N)</button>
      <button type="button" id="unskip" class="link" hidden>Show skipped items again</button>
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
          <button type="button" id="zoom-open" disabled title="Reveal the image first">Zoom (Z)</button>
          <label><input type="checkbox" id="grayscale"> Grayscale (G)</label>
        </div>
        <section id="similar" class="similar" aria-labelledby="similar-title">
          <h3 id="similar-title">Similar past items</h3>
          <p id="similar-state" class="hint"></p>
          <ul id="similar-list" class="similar-list"></ul>
        </section>
      </div>
      <div class="facts">
        <h2 id="item-title"></h2>
        <dl id="item-facts" class="dl"></dl>
        <p class="evaluation"><a id="policy-report-link" href="#">Policy report</a> <span class="muted">(versions, diff, shadow)</span><span id="evaluation" hidden> · <a id="evaluation-link" href="#">Latest evaluation report of this policy</a> <span id="evaluation-meta" class="muted"></span></span></p>
        <p id="item-reason" class="reason" hidden></p>
        <section id="previous" class="previous" hidden>
          <h3 id="previous-title"></h3>
          <p id="previous-note" class="previous-note"></p>
          <ul id="previous-labels" class="previous-labels"></ul>
        </section>
        <table class="scores">
          <thead><tr><th>Category</th><th>Score on its scale, with thresholds</th><th>Action</th><th>Best-matching prompt · its similarity</th><th>Your label</th></tr></thead>
          <tbody id="categories"></tbody>
        </table>
        <p id="score-legend" class="hint legend"><strong>Reading the scores.</strong> Each bar shows the score on its scale, labelled under it: <em>cosine</em> categories run from −1 to 1 (how alike the image and the category's best prompt are; 1 is identical, 0 unrelated), <em>contrast</em> categories from 0 to 1 (the probability that the image matches the category's prompts rather than its look-alikes). <span class="key review"></span> review threshold, <span class="key block"></span> block threshold. The number beside the prompt is the raw similarity of the image to that prompt (−1 to 1): for a cosine category it is the score itself; for a contrast category the probability was computed from it and the look-alike prompts, so the two differ.</p>
        <template id="label-template"><select class="label-select"><option value="">follow verdict</option>${labelOptions}</select></template>
        <p class="hint">Labels left on "follow verdict" are stored for flagged categories only: violating on remove, not violating on approve, unsure on escalate.</p>
        <label for="note" class="note-label">Note</label>
        <textarea id="note" rows="2" maxlength="4000"></textarea>
        <div class="actions">
          <button type="button" id="approve" class="approve">Approve (A)</button>
          <button type="button" id="remove" class="remove">Remove (R)</button>
          <label id="bank-choice" class="bank-choice" hidden title="A remove verdict adds the picture to this embedding bank: new uploads like it get the bank's action"><input type="checkbox" id="add-to-bank"> and add to bank <select id="bank-picker" aria-label="Embedding bank"></select></label>
          <button type="button" id="escalate">Escalate (E)</button>
          <button type="button" id="skip" class="link">Skip (S)</button>
        </div>
      </div>
    </article>
    <div id="toast" class="toast" role="status" aria-live="polite" hidden><span id="toast-text"></span><span id="toast-undo-part"> · <button type="button" id="undo" class="link">Undo</button> <span id="toast-timer" class="muted"></span></span></div>
    <p id="status" class="status" role="status" aria-live="polite"></p>
  </section>
  <div id="zoom" class="zoom" role="dialog" aria-modal="true" aria-label="Zoomed image" hidden>
    <div class="zoom-bar"><span id="zoom-level"></span><button type="button" id="zoom-out">− Zoom out</button><button type="button" id="zoom-in">+ Zoom in</button><span class="muted">Click the image to zoom in there</span><button type="button" id="zoom-close">Close (Esc)</button></div>
    <div id="zoom-frame" class="zoom-frame"><img id="zoom-image" alt="Zoomed image under review"></div>
  </div>
</main>
${scripts}
</body>
</html>
`;
}
