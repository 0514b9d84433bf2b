// Minute-bar chart of one chosen symbol: OHLC candles and volume, from the WDS channel bars:SYM
// (the snapshot is the session's history, oldest first; each update is one bar). Drawn with
// Chart.js, the dashboard's chart library: the candles are floating bars (a thin one from low to
// high, a wide one from open to close), the volume bars sit on their own axis under them.
'use strict';

const CHART_BARS = 390; // a trading day of minutes

class BarChartWidget {
  constructor(wds, select, canvas) {
    this.wds = wds;
    this.select = select;
    this.canvas = canvas;
    this.symbol = null;
    this.bars = []; // oldest first
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          y: { position: 'left', beginAtZero: false, title: { display: true, text: 'price' } },
          volume: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'volume' } },
        },
      },
    });
    this.redraw = coalesce(() => this.render());
    select.addEventListener('change', () => this.show(select.value));
  }

  /** Offers a symbol in the picker; the first one offered is shown. */
  offer(symbol) {
    if ([...this.select.options].some((o) => o.value === symbol)) return;
    this.select.add(new Option(symbol, symbol));
    if (!this.symbol) this.show(symbol);
  }

  show(symbol) {
    if (this.symbol) this.wds.unsubscribe('bars:' + this.symbol);
    this.symbol = symbol;
    this.select.value = symbol;
    this.bars = [];
    this.render();
    this.wds.subscribe('bars:' + symbol, (data, type) => {
      if (type === 'snapshot') {
        this.bars = Array.isArray(data) ? data : [data];
      } else if (this.bars.length && this.bars[this.bars.length - 1].s === data.s) {
        this.bars[this.bars.length - 1] = data; // the same minute again
      } else {
        this.bars.push(data);
      }
      this.bars = this.bars.slice(-CHART_BARS);
      this.redraw();
    });
  }

  render() {
    const bars = this.bars;
    const colour = (b) => (b.c >= b.o ? '#5fd38d' : '#ff6b6b');
    const maxVolume = Math.max(1, ...bars.map((b) => b.v));
    this.chart.data.labels = bars.map((b) => Fmt.minute(b.s));
    this.chart.data.datasets = [
      { label: 'high/low', data: bars.map((b) => [b.l, b.h]), backgroundColor: bars.map(colour), grouped: false, barPercentage: 0.15, yAxisID: 'y' },
      { label: 'open/close', data: bars.map((b) => (b.o === b.c ? [b.o - 1e-6, b.c + 1e-6] : [b.o, b.c])), backgroundColor: bars.map(colour), grouped: false, barPercentage: 0.8, yAxisID: 'y' },
      { label: 'volume', data: bars.map((b) => b.v), backgroundColor: 'rgba(143,161,179,0.35)', grouped: false, barPercentage: 0.8, yAxisID: 'volume' },
    ];
    // volume in the lower quarter, under the candles
    this.chart.options.scales.volume.max = maxVolume * 4;
    this.chart.update('none');
    const last = bars[bars.length - 1];
    Object.assign(this.canvas.dataset, { symbol: this.symbol, bars: bars.length, lastS: last ? last.s : '', lastC: last ? last.c : '' });
  }
}
