// The queue list and where the console opens. Not the first queue alphabetically: `review` (the
// default queue) unless the reviewer's last choice has work, then the other queues in order of
// what usually matters most (appeals and escalations before quality samples).
'use strict';

(function () {
  const { $, state, api, make } = window.ReviewConsole;

  /** Where the console opens when the reviewer's last queue has no work: the first of these with work. */
  const OPENING_ORDER = [(name) => name === 'review', (name) => name.startsWith('review.'), (name) => name === 'appeals', (name) => name === 'senior', (name) => name === 'quality'];

  /** Lists every queue with its counts; a click on one calls `onPick` with its name. */
  async function load(onPick) {
    const overview = await api('GET', '/v1/review/queues');
    const list = $('queue-list');
    list.replaceChildren();
    for (const queue of overview.items) {
      const button = make('button', 'queue');
      button.type = 'button';
      button.dataset.queue = queue.name;
      const counts = `${queue.pending} waiting${queue.claimed > 0 ? ` · ${queue.claimed} held` : ''}`;
      button.append(make('span', 'name', queue.name), make('span', 'count', counts));
      button.title = `${queue.pending} pending (${queue.availableToYou} for you), ${queue.claimed} claimed, ${queue.order} first`;
      button.classList.toggle('current', queue.name === state.queue);
      button.addEventListener('click', () => onPick(queue.name));
      const item = make('li');
      item.append(button);
      list.append(item);
    }
    return overview.items;
  }

  /** Where to open when the last queue has nothing: the first with work in OPENING_ORDER. */
  function opening(queues, remembered) {
    const withWork = queues.filter((queue) => queue.availableToYou > 0).map((queue) => queue.name);
    const rank = (name) => {
      const index = OPENING_ORDER.findIndex((matches) => matches(name));
      return index < 0 ? OPENING_ORDER.length : index;
    };
    const first = withWork.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
    if (first === 'review') return { name: first, why: 'the default review queue' };
    if (first) return { name: first, why: remembered ? `your last queue (${remembered}) and review have nothing for you` : 'review has nothing for you; the first queue with work' };
    return { name: remembered || 'review', why: 'nothing is waiting in any queue' };
  }

  window.ReviewConsole.queues = { load, opening };
})();
