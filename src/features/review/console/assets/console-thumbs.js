// Small thumbnails of past decisions' images (search hits, similar items), fetched with the key
// from GET /v1/decisions/:id/image. Always blurred at first, as the item's image is: a click
// reveals one thumbnail and a second click blurs it again. Grayscale follows the page's setting.
'use strict';

(function () {
  const { authHeaders, make } = window.ReviewConsole;

  /** A figure for a hit: its image blurred when the store still holds it, else a plain note. */
  function thumb(hit) {
    const figure = make('figure', 'thumb blurred');
    if (!hit.imageRetained) {
      figure.classList.add('none');
      figure.append(make('span', '', 'no image kept'));
      figure.title = 'The image store no longer holds this picture (or never did: only reviewed items keep theirs).';
      return figure;
    }
    const image = make('img');
    image.alt = 'Past upload, blurred';
    figure.title = 'Blurred. Click to reveal; click again to blur.';
    figure.append(image);
    figure.addEventListener('click', () => figure.classList.toggle('blurred'));
    load(hit.decisionId, image, figure);
    return figure;
  }

  async function load(decisionId, image, figure) {
    try {
      const response = await fetch(`/v1/decisions/${encodeURIComponent(decisionId)}/image`, { headers: authHeaders(), cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      image.src = URL.createObjectURL(await response.blob());
    } catch (error) {
      // Purged since the search, or the store does not answer: the facts still stand without it.
      figure.classList.add('none');
      figure.replaceChildren(make('span', '', 'image unavailable'));
      figure.title = `The image could not be loaded (${error.message}).`;
    }
  }

  /** Frees the images of the thumbnails inside `container`, before it is emptied. */
  function release(container) {
    for (const image of container.querySelectorAll('.thumb img')) if (image.src.startsWith('blob:')) URL.revokeObjectURL(image.src);
  }

  window.ReviewConsole.thumbs = { thumb, release };
})();
