// The image of the item: fetched with the key, blurred until the reviewer asks, grayscale on
// request, and a zoom view of the revealed image. Zoom never reveals: it opens only once the image
// is revealed, and blurring again closes it, so the wellness defaults hold everywhere.
'use strict';

(function () {
  const { $, state, authHeaders, text, say } = window.ReviewConsole;

  /** Zoom levels, as multiples of the size that fits the screen. */
  const ZOOM_LEVELS = [1, 2, 4];
  const zoom = { level: 0 };
  let imageUrl = null;

  async function load(item) {
    const stateText = $('image-state');
    if (item.image.status !== 'available') {
      text(stateText, item.image.status === 'purged' ? `Image purged ${new Date(item.image.purgedAt).toLocaleDateString()} (retention); scores remain.` : 'No image was kept for this decision.');
      return;
    }
    text(stateText, '');
    const response = await fetch(item.image.url, { headers: authHeaders(), cache: 'no-store' });
    if (!response.ok) {
      text(stateText, `The image could not be loaded (HTTP ${response.status}).`);
      return;
    }
    if (state.item !== item) return;
    imageUrl = URL.createObjectURL(await response.blob());
    $('image').src = imageUrl;
    $('zoom-image').src = imageUrl;
  }

  function clear() {
    closeZoom();
    if (imageUrl) URL.revokeObjectURL(imageUrl);
    imageUrl = null;
    $('image').removeAttribute('src');
    $('zoom-image').removeAttribute('src');
  }

  const revealed = () => !$('figure').classList.contains('blurred');

  function setRevealed(on) {
    $('figure').classList.toggle('blurred', !on);
    $('zoom-frame').classList.toggle('blurred', !on);
    text($('reveal'), on ? 'Blur (V)' : 'Reveal (V)');
    $('veil').hidden = on;
    $('zoom-open').disabled = !on;
    $('zoom-open').title = on ? 'Zoom the image (Z)' : 'Reveal the image first';
    if (!on) closeZoom();
  }

  function toggleReveal() {
    if (!state.item) return;
    setRevealed(!revealed());
  }

  function toggleGrayscale(fromKeyboard) {
    const box = $('grayscale');
    if (fromKeyboard) box.checked = !box.checked;
    $('figure').classList.toggle('grayscale', box.checked);
    $('zoom-frame').classList.toggle('grayscale', box.checked);
  }

  // ---- zoom ------------------------------------------------------------------------------------

  const zoomOpen = () => !$('zoom').hidden;

  function openZoom() {
    if (!state.item || !imageUrl) return;
    if (!revealed()) {
      say('Reveal the image first (V): zoom shows only a revealed image.');
      return;
    }
    say('');
    $('zoom').hidden = false;
    setZoom(0);
    $('zoom-close').focus();
  }

  function closeZoom() {
    $('zoom').hidden = true;
  }

  /** Sets the zoom level, keeping `point` (a click in the frame) under the pointer when given. */
  function setZoom(level, point) {
    const image = $('zoom-image');
    const frame = $('zoom-frame');
    if (!image.naturalWidth) return;
    const before = image.getBoundingClientRect();
    const fit = Math.min(frame.clientWidth / image.naturalWidth, frame.clientHeight / image.naturalHeight);
    zoom.level = Math.max(0, Math.min(ZOOM_LEVELS.length - 1, level));
    const scale = fit * ZOOM_LEVELS[zoom.level];
    image.style.width = `${Math.round(image.naturalWidth * scale)}px`;
    image.style.height = `${Math.round(image.naturalHeight * scale)}px`;
    frame.classList.toggle('max', zoom.level === ZOOM_LEVELS.length - 1);
    text($('zoom-level'), zoom.level === 0 ? 'Fit to screen' : `${ZOOM_LEVELS[zoom.level]}× the fitted size`);
    if (point && before.width > 0) {
      // The clicked spot, as a share of the image, is scrolled back under the pointer.
      const shareX = (point.x - before.left) / before.width;
      const shareY = (point.y - before.top) / before.height;
      const after = image.getBoundingClientRect();
      frame.scrollLeft += after.left + shareX * after.width - point.x;
      frame.scrollTop += after.top + shareY * after.height - point.y;
    }
  }

  function zoomIn() {
    if (zoomOpen()) setZoom(zoom.level + 1);
  }

  function zoomOut() {
    if (zoomOpen()) setZoom(zoom.level - 1);
  }

  /** A click zooms in at that spot; at the largest level it goes back to fit. */
  function zoomAt(event) {
    const last = zoom.level === ZOOM_LEVELS.length - 1;
    setZoom(last ? 0 : zoom.level + 1, last ? undefined : { x: event.clientX, y: event.clientY });
  }

  function init() {
    $('figure').addEventListener('click', toggleReveal);
    $('reveal').addEventListener('click', toggleReveal);
    $('grayscale').addEventListener('change', () => toggleGrayscale(false));
    $('zoom-open').addEventListener('click', openZoom);
    $('zoom-close').addEventListener('click', closeZoom);
    $('zoom-in').addEventListener('click', zoomIn);
    $('zoom-out').addEventListener('click', zoomOut);
    $('zoom-image').addEventListener('click', zoomAt);
  }

  window.ReviewConsole.image = { load, clear, setRevealed, toggleReveal, toggleGrayscale, openZoom, closeZoom, zoomIn, zoomOut, zoomOpen, init };
})();
