// The tracker's dashboard (docs/dashboard.md). Tables page through the REST API 50 rows at a time; the live
// section redraws from /dashboard/events, one snapshot a second. Text goes in with textContent, never as HTML.
'use strict';

const PAGE = 50;
const REFRESH_MS = 5000;
const el = window.peershareSwarms.el; // swarms.js, loaded first

// The next page's root-relative URL from an RFC 8288 Link header, or null on the last page.
function nextLink(response) {
  const match = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('Link') || '');
  return match ? match[1] : null;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return { body: await response.json(), next: nextLink(response) };
}

function showProblem(where, error) {
  where.textContent = 'could not load: ' + error.message;
}

// Up to PAGE rows from `url` on: a search page may stop short where the tracker's per-request scan ended
// (docs/api.md, Paging), so its next pages are read too, at most 20 requests, before showing the rows.
async function gather(url) {
  let body = [];
  let next = url;
  for (let requests = 0; next && requests < 20 && body.length < PAGE; requests++) {
    const page = await getJson(next);
    body = body.concat(page.body);
    next = page.next;
  }
  return { body, next };
}

// A paged table: shows the page at `url`, remembers its next link, reloads the same page every few seconds.
function pagedTable(table, nextButton, firstButton, firstUrl, row, afterLoad) {
  const body = table.querySelector('tbody');
  const state = { url: firstUrl(), next: null };
  async function load() {
    try {
      const page = await gather(state.url);
      body.replaceChildren(...page.body.map(row));
      state.next = page.next;
      nextButton.disabled = !page.next;
      if (afterLoad) {
        await afterLoad(page.body, body);
      }
    } catch (error) {
      body.replaceChildren(el('tr', {}, ''));
      showProblem(body.firstChild, error);
    }
  }
  nextButton.addEventListener('click', () => { if (state.next) { state.url = state.next; load(); } });
  firstButton.addEventListener('click', () => { state.url = firstUrl(); load(); });
  setInterval(load, REFRESH_MS);
  return { load, reset() { state.url = firstUrl(); return load(); } };
}

function peerRow(peer) {
  const tr = el('tr', { 'data-peer': peer.hostname });
  tr.append(el('td', {}, peer.hostname), el('td', {}, peer.address + ':' + peer.port),
    el('td', { class: 'state ' + (peer.live ? 'live' : 'silent') }, peer.live ? 'live' : 'silent'),
    el('td', { class: 'rtt' }, '–'), el('td', {}, peer.fileCount),
    el('td', {}, new Date(peer.lastSeen).toLocaleTimeString()));
  return tr;
}

async function fillRoundTrips(peers, body) {
  if (peers.length === 0) {
    return;
  }
  const query = peers.map(p => 'host=' + encodeURIComponent(p.hostname)).join('&');
  const millis = (await getJson('/dashboard/round-trips?' + query)).body;
  for (const tr of body.querySelectorAll('tr[data-peer]')) {
    const rtt = millis[tr.dataset.peer];
    tr.querySelector('.rtt').textContent = rtt === undefined ? '–' : rtt.toFixed(2) + ' ms';
  }
}

function fileRow(file) {
  const tr = el('tr', { 'data-file': file.name, 'data-sha256': file.sha256 });
  tr.append(el('td', {}, file.name), el('td', { title: file.size + ' bytes' }, window.peershareSwarms.bytes(file.size)), el('td', { class: 'sha' }, file.sha256.slice(0, 12) + '…'),
    el('td', {}, file.liveSources), el('td', {}, file.partialSources));
  tr.addEventListener('click', () => showSources(tr, file));
  return tr;
}

// Only a file some live peer holds has sources: asking for another would be a 404 in the console.
async function showSources(tr, file) {
  const panel = document.getElementById('sources');
  document.querySelectorAll('#files tr.selected').forEach(row => row.classList.remove('selected'));
  tr.classList.add('selected');
  panel.hidden = false;
  panel.replaceChildren(el('h3', {}, file.name));
  if (file.liveSources + file.partialSources === 0) {
    panel.append(el('p', {}, 'no live peer holds it now'));
    return;
  }
  try {
    const url = '/api/v1/files/' + encodeURIComponent(file.name) + '/sources?limit=50&sha256=' + file.sha256;
    for (const content of (await getJson(url)).body) {
      const list = el('ul', { 'data-sources': file.name });
      for (const source of content.sources) {
        list.append(el('li', { 'data-source': source.hostname },
          source.hostname + ' ' + source.address + ':' + source.port + (source.partial ? ' (partial)' : '')));
      }
      panel.append(el('p', {}, content.completeSources + ' complete, ' + content.partialSources + ' partial'), list);
    }
  } catch (error) {
    showProblem(panel, error);
  }
}

function setupTables() {
  const peers = pagedTable(document.getElementById('peers'), document.querySelector('[data-peers-next]'),
    document.querySelector('[data-peers-first]'), () => '/api/v1/peers?limit=' + PAGE, peerRow, fillRoundTrips);
  const search = document.getElementById('file-search');
  const filesUrl = () => {
    const q = search.elements.q.value.trim();
    return '/api/v1/files?limit=' + PAGE + (q ? '&q=' + encodeURIComponent(q) : '');
  };
  const files = pagedTable(document.getElementById('files'), document.querySelector('[data-files-next]'),
    document.querySelector('[data-files-first]'), filesUrl, fileRow);
  search.addEventListener('submit', event => { event.preventDefault(); files.reset(); });
  peers.load();
  files.load();
}

function setupLive() {
  const live = document.getElementById('live');
  const status = live.querySelector('[data-status]');
  const events = new EventSource('/dashboard/events');
  events.addEventListener('open', () => {
    live.dataset.connected = 'true';
    status.textContent = 'live';
  });
  events.addEventListener('error', () => {
    live.dataset.connected = 'false';
    status.textContent = 'reconnecting…';
  });
  events.addEventListener('message', event => window.peershareSwarms.draw(JSON.parse(event.data)));
}

document.addEventListener('DOMContentLoaded', () => {
  setupTables();
  setupLive();
});
