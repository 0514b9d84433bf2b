// The SCP's single-page app: the injected window.MARKETWIRE (token, user, WDS URL) opens one WDS
// socket that feeds every widget. The watched symbols are those the scanner lists name (so the
// page fills with whatever the upstream sends) and any typed in; each is added to the ticker, the
// tape and the chart's picker.
'use strict';

(function () {
  const env = window.MARKETWIRE;
  const $ = (id) => document.getElementById(id);
  Chart.defaults.color = '#8fa1b3';
  Chart.defaults.borderColor = '#243243';
  const MAX_WATCHED = 24; // the scanner's lists can name many symbols; beyond this, only typed ones
  $('user').textContent = env.user + ' (' + env.role + ')';
  $('expires').textContent = env.expiresAt;

  const wds = new WdsClient(env.wdsUrl, env.token, (status) => ($('status').textContent = status));
  const ticker = new TickerWidget(wds, $('ticker'));
  const tape = new TapeWidget(wds, $('tape'));
  const chart = new BarChartWidget(wds, $('chart-symbol'), $('bar-chart'));
  const watched = new Set();

  function watch(symbol, typed) {
    if (watched.has(symbol) || (!typed && watched.size >= MAX_WATCHED)) return;
    watched.add(symbol);
    ticker.watch(symbol);
    tape.watch(symbol);
    chart.offer(symbol);
  }

  new ScannerWidget(wds, $('scanner'), (symbols) => symbols.forEach((s) => watch(s, false)));
  $('watch-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const symbol = $('watch-symbol').value.trim().toUpperCase();
    if (/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol)) {
      watch(symbol, true);
      chart.show(symbol);
    }
    $('watch-symbol').value = '';
  });
  window.addEventListener('beforeunload', () => wds.socket && wds.socket.close());
})();
