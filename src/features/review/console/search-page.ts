import { MODERATION_ACTIONS } from '../../../engine/policy/moderation-action';
import { ConsoleAssets, SEARCH_SCRIPT_FILES } from './console-assets';

/** The "since" choices: durations ago, as the search's `from` filter reads them. */
const SINCE_CHOICES: ReadonlyArray<readonly [string, string]> = [
  ['', 'any time'],
  ['24h', 'last 24 hours'],
  ['7d', 'last 7 days'],
  ['30d', 'last 30 days'],
  ['90d', 'last 90 days'],
];

const options = (choices: ReadonlyArray<readonly [string, string]>): string => choices.map(([value, label]) => `<option value="${value}">${label}</option>`).join('');

/**
 * The console's search page (`/review/search`): past uploads by description or by an example
 * image, with filters and paging. Like the console page it carries no data; the script fetches
 * everything with the reviewer's key (the same session key the console signs in with).
 */
export function renderSearchPage(assets: ConsoleAssets): string {
  const scripts = SEARCH_SCRIPT_FILES.map((file) => `<script src="/review/js/${file}?v=${assets.scripts.get(file)!.version}" defer></script>`).join('\n');
  const actions = options([['', 'any'], ...MODERATION_ACTIONS.map((action) => [action, action] as const)]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Search past uploads · clip-moderation</title>
<link rel="icon" href="/review/icon.svg?v=${assets.icon.version}" type="image/svg+xml">
<link rel="stylesheet" href="/review/console.css?v=${assets.style.version}">
</head>
<body>
<header class="bar">
  <h1>Search past uploads</h1>
  <a class="nav" href="/review">Review console</a>
  <a class="nav" href="/review/banks">Banks</a>
  <span id="who" class="who"></span>
  <button type="button" id="sign-out" class="link" hidden>Sign out</button>
</header>
<section id="sign-in" class="sign-in">
  <form id="sign-in-form" autocomplete="off">
    <label for="key-input">API key (reviewer or admin)</label>
    <input id="key-input" name="key" type="password" spellcheck="false" required>
    <button type="submit" id="sign-in-button">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
    <p class="hint">The key stays in this tab only (session storage), shared with the review console.</p>
  </form>
</section>
<main id="search" class="search" hidden>
  <form id="search-form" class="search-form" role="search" autocomplete="off">
    <label for="search-text">Search past uploads by description</label>
    <div class="search-row">
      <input id="search-text" type="search" maxlength="300" placeholder="e.g. a knife on a kitchen table">
      <button type="submit" id="search-button">Search</button>
      <label class="by-image">or by an example image <input type="file" id="search-image" accept="image/*"></label>
    </div>
    <div class="filters">
      <label>Policy <input id="filter-policy" list="policy-ids" maxlength="64" placeholder="any" spellcheck="false"></label>
      <datalist id="policy-ids"></datalist>
      <label>Action <select id="filter-action">${actions}</select></label>
      <label>Since <select id="filter-since">${options(SINCE_CHOICES)}</select></label>
      <label>Reviewed <select id="filter-reviewed">${options([['', 'either'], ['true', 'reviewed'], ['false', 'not reviewed']])}</select></label>
      <label><input type="checkbox" id="thumb-grayscale"> Grayscale thumbnails</label>
    </div>
    <p class="hint">Ranked by how alike each stored image and the query are (cosine similarity, −1 to 1). Thumbnails stay blurred until clicked; only reviewed uploads keep their image, until retention purges it.</p>
  </form>
  <p id="search-summary" class="search-summary" role="status" aria-live="polite"></p>
  <ol id="results" class="results"></ol>
  <button type="button" id="more" class="more" hidden>More</button>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</main>
${scripts}
</body>
</html>
`;
}
