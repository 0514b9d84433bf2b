// Trade tape: the last trades of the watched symbols, newest first (by event time), from the WDS
// channels trades:SYM (each update is one trade, with the session's volume and VWAP so far).
'use strict';

const TAPE_ROWS = 50;

class TapeWidget {
  constructor(wds, table) {
    this.wds = wds;
    this.body = table.querySelector('tbody');
    this.trades = []; // newest first
    this.watched = new Set();
    this.redraw = coalesce(() => this.render());
  }

  watch(symbol) {
    if (this.watched.has(symbol)) return;
    this.watched.add(symbol);
    this.wds.subscribe('trades:' + symbol, (t) => this.add(t));
  }

  add(t) {
    // a snapshot after a reconnect can repeat a trade we already show
    if (this.trades.some((o) => o.sym === t.sym && o.q === t.q)) return;
    let i = 0;
    while (i < this.trades.length && this.trades[i].t > t.t) i++;
    if (i >= TAPE_ROWS) return;
    this.trades.splice(i, 0, t);
    this.trades.length = Math.min(this.trades.length, TAPE_ROWS);
    this.redraw();
  }

  render() {
    this.body.replaceChildren(
      ...this.trades.map((x) =>
        tableRow({ sym: x.sym, p: x.p, s: x.s, q: x.q, t: x.t }, [[Fmt.time(x.t)], [x.sym], [Fmt.price(x.p)], [Fmt.int(x.s)], [Fmt.price(x.vwap)]]),
      ),
    );
  }
}
