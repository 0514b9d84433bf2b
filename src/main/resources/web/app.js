// Marketwire dashboard: log in through the control plane, then render every snapshot the server
// pushes on the dashboard WebSocket (no polling). Charts: Chart.js (vendor/chart.umd.js, bundled
// by the Maven build from the npm package).
'use strict';

const WS_PATH = '/ws/dashboard';
const THROUGHPUT_POINTS = 60;
const COLORS = ['#4cc3ff', '#ffb347', '#5fd38d', '#ff6b6b', '#c792ea', '#f7e463', '#7fdbca', '#ff9ac1'];
const $ = (id) => document.getElementById(id);
const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const time = (ms) => new Date(ms).toLocaleTimeString('en-GB');

let session = null; // {token, user, role, expiresAt}
let socket = null;
let reconnectTimer = null;
const charts = { ticks: null, throughput: null, trend: {} };
const throughput = {}; // consumer -> [{x, y}]

Chart.defaults.color = '#8fa1b3';
Chart.defaults.borderColor = '#243243';
Chart.defaults.animation = false;

// ---------------------------------------------------------------- log-in and log-out

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: $('username').value, password: $('password').value }),
    });
    if (!response.ok) {
      $('login-error').textContent = response.status === 401 ? 'Wrong user name or password.'
        : response.status === 429 ? 'Too many failed log-ins; try again later.' : `Log-in failed (HTTP ${response.status}).`;
      return;
    }
    const body = await response.json();
    session = { token: body.token, user: body.user, role: body.role, expiresAt: body.expiresAt };
    sessionStorage.setItem('marketwire.session', JSON.stringify(session));
    $('password').value = '';
    showDashboard();
  } catch (e) {
    $('login-error').textContent = 'The server cannot be reached.';
  }
});

$('logout').addEventListener('click', () => logOut(''));

function logOut(message) {
  session = null;
  sessionStorage.removeItem('marketwire.session');
  clearTimeout(reconnectTimer);
  if (socket) {
    socket.onclose = null;
    socket.close(1000, 'log-out');
    socket = null;
  }
  $('dashboard').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('whoami').textContent = '';
  setStatus('signed out', 'off');
  $('login-error').textContent = message;
}

function showDashboard() {
  $('login').hidden = true;
  $('dashboard').hidden = false;
  $('logout').hidden = false;
  $('whoami').textContent = `${session.user} (${session.role})`;
  connect();
}

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').className = `status ${kind}`;
}

// ---------------------------------------------------------------- the live feed

function connect() {
  if (!session) return;
  if (new Date(session.expiresAt) <= new Date()) {
    logOut('Your session expired: log in again.');
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}${WS_PATH}?token=${encodeURIComponent(session.token)}`);
  setStatus('connecting', 'off');
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'snapshot') {
      setStatus('live', 'live');
      render(message);
    }
  };
  socket.onclose = (event) => {
    socket = null;
    if (!session) return;
    if (event.code === 4401) {
      logOut('Your session expired: log in again.');
      return;
    }
    setStatus('reconnecting', 'off');
    reconnectTimer = setTimeout(connect, 2000);
  };
}

// ---------------------------------------------------------------- panels

function render(s) {
  $('snapshot-seq').textContent = `#${s.seq} ${time(s.time)}`;
  const t = s.totals || {};
  $('total-produced').textContent = fmt(t.produced);
  $('total-in-stream').textContent = fmt(t.inStream);
  $('total-consumed').textContent = fmt(t.consumed);
  $('total-active').textContent = t.consumers === undefined ? '–' : `${fmt(t.activeConsumers)} / ${fmt(t.consumers)}`;
  $('total-rate').textContent = fmt(t.consumeRate);
  renderConsumers(s.consumers || {}, s.time);
  renderSymbols(s.symbols || []);
  rows($('streams-table').tBodies[0], Object.entries(s.streams || {}), ([name, n]) => [name, fmt(n)], 'no streams yet');
  rows($('vwap-table').tBodies[0], s.symbols || [], (x) => [x.symbol, fmt(x.last, 2), fmt(x.dayVwap, 2), fmt(x.batchVwap, 2), fmt(x.dayVolume)], 'no VWAP batches yet');
  renderTrend(s.trend || {});
  renderOrders(s.orders || {});
  renderDataplane(s.dataplane || {});
  renderRedis(s.redis || {});
  renderRoutes(s.routes || []);
  const errors = Object.entries(s).filter(([k]) => k.endsWith('Error')).map(([k, v]) => `${k.replace('Error', '')}: ${v}`);
  $('panel-errors').textContent = errors.join(' · ');
}

function rows(tbody, items, cells, emptyText) {
  tbody.replaceChildren();
  if (items.length === 0 && emptyText) {
    const tr = tbody.insertRow();
    const td = tr.insertCell();
    td.colSpan = 8;
    td.className = 'empty';
    td.textContent = emptyText;
    return;
  }
  for (const item of items) {
    const tr = tbody.insertRow();
    for (const value of cells(item)) tr.insertCell().textContent = value;
  }
}

function pairs(dl, entries) {
  dl.replaceChildren();
  for (const [label, value] of entries) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  }
}

function renderConsumers(consumers, now) {
  const names = Object.keys(consumers);
  rows($('consumer-table').tBodies[0], names, (n) => {
    const c = consumers[n];
    return [n, fmt(c.count), fmt(c.rate), fmt(c.last_offset), fmt(c.lag), (c.top_symbols || []).join(', ')];
  }, 'no market-data consumers in this process');
  for (const n of names) {
    const series = (throughput[n] = throughput[n] || []);
    series.push({ x: now, y: consumers[n].rate });
    if (series.length > THROUGHPUT_POINTS) series.shift();
  }
  if (!charts.throughput) {
    charts.throughput = new Chart($('throughput-chart'), {
      type: 'line',
      data: { datasets: [] },
      options: {
        maintainAspectRatio: false,
        scales: { x: { type: 'linear', ticks: { callback: (v) => time(v), maxTicksLimit: 6 } }, y: { beginAtZero: true } },
        elements: { point: { radius: 0 } },
      },
    });
  }
  charts.throughput.data.datasets = Object.keys(throughput).map((n, i) => ({
    label: n, data: throughput[n], borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length], tension: 0.2,
  }));
  charts.throughput.update();
}

function renderSymbols(symbols) {
  if (!charts.ticks) {
    charts.ticks = new Chart($('ticks-chart'), {
      data: { labels: [], datasets: [] },
      options: {
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, title: { display: true, text: 'ticks' } },
          vwap: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'day VWAP' } },
        },
      },
    });
  }
  charts.ticks.data.labels = symbols.map((s) => s.symbol);
  charts.ticks.data.datasets = [
    { type: 'bar', label: 'ticks', data: symbols.map((s) => s.ticks), backgroundColor: '#4cc3ff', yAxisID: 'y', order: 2 },
    { type: 'line', label: 'day VWAP', data: symbols.map((s) => s.dayVwap), borderColor: '#ffb347', backgroundColor: '#ffb347',
      showLine: false, pointRadius: 7, pointStyle: 'rectRot', yAxisID: 'vwap', order: 1 }, // drawn over the bars
  ];
  charts.ticks.update();
}

function renderTrend(trend) {
  for (const [symbol, points] of Object.entries(trend)) {
    let chart = charts.trend[symbol];
    if (!chart) {
      const box = document.createElement('div');
      box.className = 'chart';
      box.dataset.symbol = symbol;
      const canvas = document.createElement('canvas');
      box.append(canvas);
      $('trend-charts').append(box);
      chart = charts.trend[symbol] = new Chart(canvas, {
        type: 'line',
        data: { datasets: [] },
        options: {
          maintainAspectRatio: false,
          plugins: { title: { display: true, text: symbol }, legend: { display: false } },
          scales: { x: { type: 'linear', ticks: { callback: (v) => time(v), maxTicksLimit: 4 } } },
          elements: { point: { radius: 0 } },
        },
      });
    }
    chart.data.datasets = [
      { label: 'price', data: points.map((p) => ({ x: p[0], y: p[1] })), borderColor: '#4cc3ff', stepped: true },
      { label: 'day VWAP', data: points.map((p) => ({ x: p[0], y: p[2] })), borderColor: '#ffb347', borderDash: [6, 4] },
    ];
    chart.update();
  }
}

function renderOrders(o) {
  pairs($('orders'), [
    ['produced', fmt(o.produced)], ['processed', fmt(o.processed)], ['retried', fmt(o.retried)],
    ['dead-lettered', fmt(o.deadLettered)], ['RPC answered / timed out', `${fmt(o.rpcAnswered)} / ${fmt(o.rpcTimedOut)}`],
    ['RPC latency mean / max ms', `${fmt(o.rpcLatencyMeanMs)} / ${fmt(o.rpcLatencyMaxMs)}`],
  ]);
  rows($('orders-queues').tBodies[0], Object.entries(o.queues || {}), ([q, n]) => [q, fmt(n)], 'no order queues');
}

function renderDataplane(d) {
  const l = d.listener;
  pairs($('dataplane'), [
    ['listener', l ? l.state : 'not running here'], ['listener rate /s', fmt(l && l.rate)],
    ['received / published', l ? `${fmt(l.received)} / ${fmt(l.published)}` : '–'], ['dropped', fmt(l && l.dropped)],
    ['WDS sessions', fmt(d.wdsSessions)],
  ]);
  rows($('mdq-queues').tBodies[0], Object.entries(d.queues || {}), ([q, n]) => [q, fmt(n)], 'no MDQ queues');
  const scanner = d.scanner || {};
  $('scanner').replaceChildren(...['gainers', 'losers', 'active'].map((list) => {
    const div = document.createElement('div');
    const items = scanner[list] || [];
    div.innerHTML = `<strong>${list}</strong>`;
    const ol = document.createElement('ol');
    for (const it of items.slice(0, 5)) {
      const li = document.createElement('li');
      li.textContent = list === 'active' ? `${it.sym} ${fmt(it.volume)}` : `${it.sym} ${fmt(it.changePercent, 2)}%`;
      ol.append(li);
    }
    if (items.length === 0) ol.innerHTML = '<li class="empty">none yet</li>';
    div.append(ol);
    return div;
  }));
}

function renderRedis(r) {
  const quotes = Object.entries(r.quotes || {});
  rows($('redis-quotes').tBodies[0], quotes, ([sym, q]) => [sym, q.price ?? '–', q.change_percent ?? '–', q.volume ?? '–'], 'no stock_quotes entries');
  const alerts = $('redis-alerts');
  alerts.replaceChildren();
  for (const a of r.alerts || []) {
    const li = document.createElement('li');
    li.textContent = a.message || `${a.kind || 'alert'} ${a.symbol || ''} ${a.price || ''}`;
    alerts.append(li);
  }
  if (!alerts.children.length) alerts.innerHTML = '<li class="empty">no alerts</li>';
  rows($('redis-indicators').tBodies[0], Object.entries(r.indicators || {}), ([sym, v]) =>
    [sym, Object.entries(v).map(([k, x]) => `${k} ${typeof x === 'number' ? fmt(x, 2) : x}`).join('  ')], 'no indicators (quotes flows not in this process)');
  rows($('redis-groups').tBodies[0], r.groups || [], (g) => [g.name, fmt(g.pending), fmt(g.lag)], 'no consumer groups');
}

function renderRoutes(routes) {
  rows($('routes-table').tBodies[0], routes, (r) => [r.id, r.state, fmt(r.total), fmt(r.failed), fmt(r.inflight), fmt(r.meanMs)]);
}

// ---------------------------------------------------------------- start

const saved = sessionStorage.getItem('marketwire.session');
if (saved) {
  session = JSON.parse(saved);
  showDashboard();
}
