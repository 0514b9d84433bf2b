// Quote ticker: per watched symbol the latest bid and ask (with sizes) and the spread, from the
// WDS channel quotes:SYM; the row flashes green or red when the mid moves.
'use strict';

class TickerWidget {
  constructor(wds, table) {
    this.wds = wds;
    this.body = table.querySelector('tbody');
    this.rows = new Map(); // symbol -> tr
    this.latest = new Map(); // symbol -> quote not drawn yet
    this.redraw = coalesce(() => {
      this.latest.forEach((q) => this.show(q));
      this.latest.clear();
    });
  }

  watch(symbol) {
    if (this.rows.has(symbol)) return;
    const placeholder = tableRow({ sym: symbol }, [[symbol], ['–'], ['–'], ['–'], ['–'], ['–']]);
    this.place(symbol, placeholder);
    this.wds.subscribe('quotes:' + symbol, (q) => {
      this.latest.set(q.sym, q);
      this.redraw();
    });
  }

  show(q) {
    const previous = this.rows.get(q.sym);
    const row = tableRow(
      { sym: q.sym, bp: q.bp, ap: q.ap, spread: q.spread, mid: q.mid, q: q.q, t: q.t },
      [[q.sym], [Fmt.price(q.bp) + ' × ' + q.bs], [Fmt.price(q.ap) + ' × ' + q.as], [Fmt.price(q.spread)], [Fmt.price(q.mid)], [Fmt.time(q.t)]],
    );
    if (previous && previous.dataset.mid !== undefined && previous.dataset.mid !== String(q.mid)) {
      row.className = Number(q.mid) > Number(previous.dataset.mid) ? 'flash-up' : 'flash-down';
    }
    this.place(q.sym, row);
  }

  /** Rows stay in symbol order, so a symbol does not jump around as its quotes change. */
  place(symbol, row) {
    const previous = this.rows.get(symbol);
    this.rows.set(symbol, row);
    if (previous) {
      previous.replaceWith(row);
      return;
    }
    const after = [...this.body.children].find((r) => r.dataset.sym > symbol);
    this.body.insertBefore(row, after || null);
  }
}
