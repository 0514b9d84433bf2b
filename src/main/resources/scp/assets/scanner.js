// Scanner widget: top gainers, top losers, most active and unusual volume, one table each, from
// the WDS channels scanner:gainers|losers|active|unusual (the MDP's ScannerProcessor ranks them;
// each update is the whole list). Reports the symbols it sees, so the page can watch them.
'use strict';

const SCANNER_LISTS = {
  gainers: { title: 'Top gainers', head: ['Symbol', 'Last', 'Change', 'Volume'] },
  losers: { title: 'Top losers', head: ['Symbol', 'Last', 'Change', 'Volume'] },
  active: { title: 'Most active', head: ['Symbol', 'Last', 'Change', 'Volume'] },
  unusual: { title: 'Unusual volume', head: ['Symbol', 'Last', 'Minute vol', 'Avg minute', 'Ratio'] },
};

class ScannerWidget {
  constructor(wds, container, onSymbols) {
    this.latest = {}; // list -> items not drawn yet
    this.redraw = coalesce(() => this.renderAll());
    this.boxes = {};
    for (const [list, def] of Object.entries(SCANNER_LISTS)) {
      const box = document.createElement('section');
      box.className = 'scanner-list';
      box.innerHTML = '<h3></h3><table><thead><tr></tr></thead><tbody></tbody></table><p class="empty">none yet</p>';
      box.id = 'scanner-' + list;
      box.querySelector('h3').textContent = def.title;
      def.head.forEach((h) => box.querySelector('thead tr').insertAdjacentHTML('beforeend', '<th>' + h + '</th>'));
      container.appendChild(box);
      this.boxes[list] = box;
      wds.subscribe('scanner:' + list, (data) => {
        this.latest[list] = data.items || [];
        this.redraw();
        onSymbols(this.latest[list].map((i) => i.sym));
      });
    }
  }

  renderAll() {
    Object.entries(this.latest).forEach(([list, items]) => this.render(this.boxes[list], list, items));
    this.latest = {};
  }

  render(box, list, items) {
    const body = box.querySelector('tbody');
    body.replaceChildren(
      ...items.map((i) =>
        tableRow(
          { sym: i.sym, last: i.last, change: i.changePercent, volume: i.volume, ratio: i.volumeRatio },
          list === 'unusual'
            ? [[i.sym], [Fmt.price(i.last)], [Fmt.int(i.minuteVolume)], [Fmt.int(i.averageVolume)], [Fmt.ratio(i.volumeRatio), 'up']]
            : [[i.sym], [Fmt.price(i.last)], [Fmt.percent(i.changePercent), i.changePercent >= 0 ? 'up' : 'down'], [Fmt.int(i.volume)]],
        ),
      ),
    );
    box.querySelector('.empty').hidden = items.length > 0;
  }
}
