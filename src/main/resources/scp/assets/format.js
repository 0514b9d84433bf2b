// How the widgets show numbers and times, and how often they redraw (one place, so every widget does the same).
'use strict';

const Fmt = {
  price: (n) => (n === undefined || n === null ? '–' : Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })),
  int: (n) => (n === undefined || n === null ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 0 })),
  percent: (n) => (n > 0 ? '+' : '') + Number(n).toFixed(2) + '%',
  ratio: (n) => Number(n).toFixed(2) + '×',
  /** Event time (epoch ms) as the market's clock shows it, in UTC. */
  time: (ms) => new Date(ms).toISOString().slice(11, 19),
  minute: (ms) => new Date(ms).toISOString().slice(11, 16),
};

/** A table row: raw values in data-* (what tests and other code read), formatted text in cells. */
function tableRow(data, cells) {
  const tr = document.createElement('tr');
  Object.entries(data).forEach(([k, v]) => (tr.dataset[k] = v));
  cells.forEach(([text, cls]) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  });
  return tr;
}

/**
 * Wraps a render function so that it runs at most once per period, after the data that asked for
 * it: a busy market sends far more updates than a screen can show, and drawing each one would
 * keep the page's thread (and a slow machine) busy.
 */
function coalesce(render, periodMs = 200) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      render();
    }, periodMs);
  };
}
