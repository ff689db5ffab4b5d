// The review console's shared parts: the page state, the API client (every request carries the
// reviewer's key) and small DOM helpers. Nothing from the server is ever inserted as HTML. The
// other scripts add their parts to the same `ReviewConsole` namespace; review-console.js wires them.
'use strict';

(function () {
  const KEY_STORAGE = 'clip-moderation.review-key';

  const $ = (id) => document.getElementById(id);

  /** Everything the page knows; one object so every part reads the same truth. */
  const state = { key: null, me: null, queue: null, item: null, busy: false, timer: null, evaluation: null, pending: null };

  /** A failed API call: the server's stable code and message. */
  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `HTTP ${status}`);
      this.status = status;
      this.code = (body && body.code) || `HTTP_${status}`;
    }
  }

  function authHeaders() {
    return { Authorization: `Bearer ${state.key}` };
  }

  /** Calls the API; `keepalive` lets the request finish even if the page goes away meanwhile. */
  async function api(method, path, body, keepalive = false) {
    const headers = authHeaders();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', keepalive });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  function text(element, value) {
    element.textContent = value == null ? '' : String(value);
    return element;
  }

  function make(tag, className, value) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (value !== undefined) text(element, value);
    return element;
  }

  function say(message, isError) {
    const status = $('status');
    text(status, message);
    status.classList.toggle('error', Boolean(isError));
  }

  /** The first eight characters of an id: enough to tell items apart on screen. */
  const short = (id) => id.slice(0, 8);

  /**
   * Opens an HTML report of the API in a new tab. Report routes need the key, which a plain link
   * cannot send, so the page is fetched with it and shown from a blob: URL. The tab is opened at
   * the click, before the fetch, so popup blockers let it through.
   */
  async function openReport(url, what) {
    const tab = window.open('', '_blank');
    try {
      const response = await fetch(url, { headers: authHeaders(), cache: 'no-store' });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
      if (tab) tab.location.href = blobUrl;
      else location.href = blobUrl;
      setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
    } catch (error) {
      if (tab) tab.close();
      say(`The ${what} could not be opened: ${error.message}`, true);
    }
  }

  window.ReviewConsole = { KEY_STORAGE, $, state, ApiError, api, authHeaders, text, make, say, short, openReport };
})();
