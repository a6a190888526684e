// The live section of the dashboard: draws one snapshot of /dashboard/events (docs/dashboard.md, "The stream").
// Each swarm is an element [data-swarm], reused from second to second; its rows and flows are redrawn.
'use strict';

window.peershareSwarms = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const STRIP_WIDTH = 400;
  const STRIP_HEIGHT = 12;

  function el(tag, attrs, text) {
    const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      node.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function bytes(count) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = count;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
  }

  function rate(bytesPerSecond) {
    return bytes(bytesPerSecond) + '/s';
  }

  // cells: one digit per cell, 0 none held … 9 all held (PieceCells); null: only counts are known.
  function strip(cells, held, pieces) {
    const canvas = el('canvas', { width: STRIP_WIDTH, height: STRIP_HEIGHT });
    const g = canvas.getContext('2d');
    g.fillStyle = '#eef1f5';
    g.fillRect(0, 0, STRIP_WIDTH, STRIP_HEIGHT);
    if (cells) {
      const w = STRIP_WIDTH / cells.length;
      for (let i = 0; i < cells.length; i++) {
        const level = cells.charCodeAt(i) - 48;
        if (level > 0) {
          g.fillStyle = 'rgba(59, 111, 216, ' + (0.15 + 0.85 * level / 9) + ')';
          g.fillRect(i * w, 0, Math.max(1, w - (w > 3 ? 1 : 0)), STRIP_HEIGHT);
        }
      }
    } else if (pieces > 0) {
      g.fillStyle = 'rgb(59, 111, 216)';
      g.fillRect(0, 0, STRIP_WIDTH * held / pieces, STRIP_HEIGHT);
    }
    return canvas;
  }

  function fetcherRow(f) {
    const row = el('div', { class: 'participant', 'data-transfer': f.hostname + '/' + f.id, 'data-state': f.state,
      'data-pieces': f.pieces, 'data-pieces-held': f.piecesHeld });
    const of = f.pieces >= 0 ? f.pieces : '?';
    row.append(el('span', { class: 'who', title: f.hostname + '/' + f.id }, f.hostname + ' #' + f.id),
      strip(f.cells, f.piecesHeld, f.pieces),
      el('span', { class: 'stats' }, f.state + ' ' + f.piecesHeld + '/' + of + ' ' + rate(f.bytesPerSecond)));
    return row;
  }

  function seedRow(hostname) {
    const row = el('div', { class: 'participant seed', 'data-seed': hostname });
    row.append(el('span', { class: 'who' }, hostname), strip('9', 1, 1), el('span', { class: 'stats' }, 'seed'));
    return row;
  }

  // Sources on the left, fetchers on the right, one line per flow, thicker = faster.
  function flowPicture(flows) {
    const sources = [...new Set(flows.map(f => f.source))];
    const fetchers = [...new Set(flows.map(f => f.fetcher))];
    const rows = Math.max(sources.length, fetchers.length, 1);
    const svg = el('svg:svg', { class: 'flows', width: 420, height: rows * 18 + 8, role: 'img' });
    const y = (list, name) => 12 + list.indexOf(name) * 18;
    const fastest = Math.max(1, ...flows.map(f => f.bytesPerSecond));
    for (const flow of flows) {
      const g = el('svg:g', { 'data-flow': flow.source + '->' + flow.fetcher, 'data-rate': flow.bytesPerSecond });
      g.append(el('svg:line', { x1: 130, y1: y(sources, flow.source) - 4, x2: 290, y2: y(fetchers, flow.fetcher) - 4,
        'stroke-width': (1 + 7 * flow.bytesPerSecond / fastest).toFixed(1) }),
      el('svg:title', {}, flow.source + ' → ' + flow.fetcher + ': ' + rate(flow.bytesPerSecond)));
      svg.append(g);
    }
    sources.forEach(s => svg.append(el('svg:text', { x: 125, y: y(sources, s), 'text-anchor': 'end' }, s)));
    fetchers.forEach(f => svg.append(el('svg:text', { x: 295, y: y(fetchers, f) }, f)));
    return svg;
  }

  function more(count, what) {
    return count > 0 ? [el('p', { class: 'more' }, '+ ' + count + ' more ' + what)] : [];
  }

  function fillSwarm(node, swarm) {
    const title = swarm.name + (swarm.sha256 ? ' (' + swarm.sha256.slice(0, 12) + '…)' : '') + ' — '
      + (swarm.pieces >= 0 ? swarm.pieces + ' pieces, ' : '') + rate(swarm.bytesPerSecond);
    const participants = el('div', { class: 'participants' });
    participants.append(...swarm.fetchers.map(fetcherRow), ...more(swarm.moreFetchers, 'fetchers'),
      ...swarm.seeds.map(seedRow), ...more(swarm.moreSeeds, 'seeds'));
    const body = el('div', { class: 'body' });
    body.append(participants, flowPicture(swarm.flows), ...more(swarm.moreFlows, 'flows'));
    node.replaceChildren(el('h3', {}, title), body);
  }

  function drawSummary(summary) {
    const set = (selector, value) => { document.querySelector('#summary ' + selector).textContent = value; };
    set('[data-peers]', summary.peers);
    set('[data-live-peers]', summary.livePeers);
    set('[data-files]', summary.files);
    set('[data-fetches]', summary.fetches);
    set('[data-rate]', rate(summary.bytesPerSecond));
  }

  function draw(snapshot) {
    drawSummary(snapshot.summary);
    const container = document.getElementById('swarms');
    const existing = new Map([...container.children].map(child => [child.dataset.swarm, child]));
    const order = snapshot.swarms.map(swarm => {
      const node = existing.get(swarm.key) || el('div', { class: 'swarm', 'data-swarm': swarm.key });
      fillSwarm(node, swarm);
      return node;
    });
    container.replaceChildren(...order);
    if (order.length === 0) {
      container.append(el('p', { class: 'hint' }, 'no fetch in progress'));
    }
    const moreSwarms = document.querySelector('[data-more-swarms]');
    moreSwarms.hidden = snapshot.moreSwarms === 0;
    moreSwarms.textContent = '+ ' + snapshot.moreSwarms + ' less active swarms';
  }

  return { draw, el, bytes };
})();
