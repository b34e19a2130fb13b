// The docpipe workbench page: plain DOM code, no framework, no build step.
// Talks to /api/v1 (JSON, spans in UTF-16 code units = JS string indices)
// and follows /api/v1/changes (Server-Sent Events) for live updates.
import { showClaims, claimsChanged } from './claims.js';
const $ = (sel, root = document) => root.querySelector(sel);
const h = (tag, attrs = {}, ...kids) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v != null) el.setAttribute(k, v);
  }
  for (const kid of kids.flat()) if (kid != null) el.append(kid);
  return el;
};
const LAYERS = ['numbers', 'entities', 'attributions'];
const NUMBER_KINDS = ['CARDINAL', 'MONEY', 'PERCENT', 'QUANTITY', 'ORDINAL', 'DATE'].map(k => 'NUMBER_KIND_' + k);
const ENTITY_TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP'].map(k => 'ENTITY_TYPE_' + k);
const APPROX = ['UNSPECIFIED', 'EXACT', 'ABOUT', 'AT_LEAST', 'AT_MOST', 'RANGE'].map(k => 'APPROX_' + k);
const short = s => s.replace(/^(NUMBER_KIND_|ENTITY_TYPE_|APPROX_)/, '');
const clone = x => JSON.parse(JSON.stringify(x));
const layerOf = a => a.number ? 'numbers' : a.entity ? 'entities' : 'attributions';

let me = { identity: 'local', role: 'local' };
let events = null;
let view = null;  // the open document's state

async function api(path, opts = {}) {
  const init = { method: opts.method || 'GET', headers: {} };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (init.method !== 'GET') init.headers['X-Docpipe-Request'] = '1';
  const r = await fetch('/api/v1/' + path, init);
  const body = await r.json().catch(() => ({}));
  return { status: r.status, ok: r.ok, body };
}
function toast(msg) {
  const t = $('#toast');
  t.textContent = msg; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
}
function errText(r) { return r.body && r.body.error ? `${r.body.error.code}: ${r.body.error.message}` : `HTTP ${r.status}`; }

// ---- sign-in ----
async function start() {
  const r = await api('session');
  if (r.status === 401) return signIn();
  if (!r.ok) { $('#main').replaceChildren(h('p', { class: 'banner err' }, errText(r))); return; }
  me = r.body;
  $('#who').textContent = `${me.identity} (${me.role})`;
  follow();
  route();
}
function signIn(message) {
  const token = h('input', { type: 'password', id: 'token', placeholder: 'your token', autocomplete: 'off' });
  const form = h('form', { class: 'signin', onsubmit: async e => {
    e.preventDefault();
    const r = await api('session', { method: 'POST', body: { token: token.value } });
    if (r.ok) start(); else signIn(errText(r));
  } }, h('h2', {}, 'Sign in'), message ? h('p', { class: 'banner err' }, message) : null,
  h('p', {}, 'Paste the token you were given.'), token, ' ', h('button', {}, 'Sign in'));
  $('#main').replaceChildren(form);
  token.focus();
}

// ---- live updates ----
function follow() {
  if (events) return;
  events = new EventSource('/api/v1/changes');
  events.onopen = () => $('#live').classList.add('on');
  events.onerror = () => $('#live').classList.remove('on');
  events.addEventListener('change', e => onChange(JSON.parse(e.data)));
  events.addEventListener('reload', () => { if (view) openDoc(view.id); else route(); });
}
function onChange(ev) {
  claimsChanged(ev);
  if (!view || ev.docId !== view.id || !Number(ev.version)) {
    if (!view && ev.kind !== 'CHANGE_KIND_DOCUMENT_ADDED' && listState.loaded) loadListSoon();
    return;
  }
  if (Number(ev.version) <= view.version) return;
  if (ev.author === me.identity && view.committing) return;
  if (!dirty()) {
    openDoc(view.id, { keepSel: true });
    toast(`${ev.author} committed version ${ev.version}; showing it`);
  } else {
    view.remote = ev;
    renderBanner();
  }
}

// ---- routing ----
window.addEventListener('hashchange', route);
function route() {
  const m = location.hash.match(/^#doc\/([^/]+)(?:\/(history))?/);
  const claims = location.hash === '#claims';
  for (const [id, on] of [['nav-docs', !m && !claims], ['nav-claims', claims]]) {
    const a = document.getElementById(id);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (m) return m[2] ? openHistory(m[1]) : openDoc(m[1]);
  view = null;
  if (claims) return showClaims({ h, api, errText });
  showList();
}

// ---- document list ----
const listState = { q: '', entity: '', layer: '', author: '', corrected: false, machine: false, loaded: false };
function showList() {
  const f = listState;
  const field = (k, ph) => h('input', { id: 'f-' + k, placeholder: ph, value: f[k], oninput: e => { f[k] = e.target.value; loadListSoon(); } });
  const check = (k, label) => h('label', {}, h('input', { type: 'checkbox', id: 'f-' + k, checked: f[k], onchange: e => { f[k] = e.target.checked; loadList(); } }), ' ', label);
  const layer = h('select', { id: 'f-layer', onchange: e => { f.layer = e.target.value; loadList(); } },
    h('option', { value: '' }, 'any layer'), LAYERS.map(l => h('option', { value: l, selected: f.layer === l }, 'has ' + l)));
  $('#main').replaceChildren(
    h('div', { class: 'filters' }, field('q', 'text in the article'), field('entity', 'entity id or name'), layer,
      field('author', 'committed by'), check('corrected', 'has corrections'), check('machine', 'machine output only')),
    h('div', { id: 'doclist' }, 'Loading…'));
  loadList();
}
let listTimer;
function loadListSoon() { clearTimeout(listTimer); listTimer = setTimeout(loadList, 250); }
async function loadList() {
  const f = listState;
  const p = new URLSearchParams();
  for (const k of ['q', 'entity', 'layer', 'author']) if (f[k]) p.set(k, f[k]);
  if (f.corrected) p.set('corrected', '1');
  if (f.machine) p.set('machine', '1');
  const r = await api('documents?' + p);
  const box = $('#doclist');
  if (!box) return;
  if (!r.ok) { box.replaceChildren(h('p', { class: 'banner err' }, errText(r))); return; }
  f.loaded = true;
  const rows = r.body.documents.map(d => h('tr', { 'data-doc': d.docId, onclick: () => { location.hash = '#doc/' + d.docId; } },
    h('td', {}, h('a', { href: '#doc/' + d.docId }, d.title || d.externalId || d.docId)),
    h('td', {}, `v${d.headVersion}`), h('td', {}, `${d.counts.numbers} numbers · ${d.counts.entities} entities · ${d.counts.attributions} attributions`),
    h('td', {}, d.corrected ? 'corrected' : 'machine only'), h('td', {}, d.authors.join(', '))));
  box.replaceChildren(h('p', {}, `${r.body.matched} of ${r.body.scanned} documents`),
    h('table', { class: 'docs' }, h('tr', {}, ['Document', 'Version', 'Annotations', 'Status', 'Committed by'].map(t => h('th', {}, t))), rows));
}

// ---- document view ----
async function openDoc(id, opts = {}) {
  const [d, a] = await Promise.all([api('documents/' + id), api(`documents/${id}/annotations`)]);
  if (!d.ok || !a.ok) { $('#main').replaceChildren(h('p', { class: 'banner err' }, errText(d.ok ? a : d))); return; }
  const prevSel = opts.keepSel && view ? view.sel : null;
  view = {
    id, doc: d.body, text: d.body.text, version: Number(a.body.version),
    base: a.body.annotations, work: clone(a.body.annotations), undo: [], redo: [],
    sel: prevSel, hidden: view && view.id === id ? view.hidden : new Set(), seq: 0, remote: null, conflict: null,
  };
  renderDoc();
}
function dirty() { return view && JSON.stringify(view.base) !== JSON.stringify(view.work); }
function find(id) { return view.work.find(a => a.id === id); }
function change(fn) {
  view.undo.push(clone(view.work)); view.redo = [];
  fn();
  view.work.sort((x, y) => x.span.begin - y.span.begin || x.span.end - y.span.end);
  renderDoc();
}
function undo() { if (view.undo.length) { view.redo.push(clone(view.work)); view.work = view.undo.pop(); renderDoc(); } }
function redo() { if (view.redo.length) { view.undo.push(clone(view.work)); view.work = view.redo.pop(); renderDoc(); } }

function renderDoc() {
  const main = $('#main');
  document.querySelectorAll('.menu').forEach(m => m.remove());
  const layerToggles = LAYERS.map(l => h('label', {}, h('input', { type: 'checkbox', id: 'layer-' + l, checked: !view.hidden.has(l),
    onchange: e => { e.target.checked ? view.hidden.delete(l) : view.hidden.add(l); renderDoc(); } }), ' ' + l));
  const title = view.doc.title || view.doc.externalId || view.id;
  main.replaceChildren(
    h('div', { class: 'toolbar' }, h('a', { href: '#' }, '← documents'), h('strong', {}, title), h('span', { id: 'version' }, `version ${view.version}`),
      ...layerToggles, h('a', { href: `#doc/${view.id}/history` }, 'history')),
    h('div', { id: 'banner' }),
    h('div', { class: 'view' },
      h('div', {}, renderText()),
      h('div', { class: 'panel' }, renderEditor(), renderCommit(), renderList(), renderKeys())));
  renderBanner();
  const sel = view.sel && main.querySelector(`.anns li[data-id="${CSS.escape(view.sel)}"]`);
  if (sel) sel.scrollIntoView({ block: 'nearest' });
}

// Segments the text at every span boundary so overlapping spans stay
// readable: each piece carries the classes of every annotation over it.
function renderText() {
  const text = view.text, cuts = new Set([0, text.length]);
  const shown = view.work.filter(a => !view.hidden.has(layerOf(a)));
  const parts = [];  // [begin, end, annotation, role]
  for (const a of shown) {
    parts.push([a.span.begin, a.span.end, a, a.attribution ? 'cue' : '']);
    if (a.attribution) {
      const s = a.attribution.source;
      if (s && s.end > s.begin) parts.push([s.begin, s.end, a, 'src']);
    }
  }
  const selA = view.sel && find(view.sel);
  for (const p of parts) { cuts.add(p[0]); cuts.add(p[1]); }
  if (selA && selA.attribution) { cuts.add(selA.attribution.content.begin); cuts.add(selA.attribution.content.end); }
  const pts = [...cuts].filter(x => x <= text.length).sort((x, y) => x - y);
  const box = h('div', { class: 'text ' + [...view.hidden].map(l => 'hide-' + l).join(' '), id: 'text', tabindex: '0' });
  for (let i = 0; i + 1 < pts.length; i++) {
    const b = pts[i], e = pts[i + 1];
    const over = parts.filter(p => p[0] <= b && p[1] >= e);
    const node = h('span', { 'data-b': b });
    node.textContent = text.slice(b, e);
    if (over.length) {
      node.className = 'seg ' + [...new Set(over.map(p => 'L-' + layerOf(p[2])))].join(' ') +
        over.map(p => p[3] ? ' ' + p[3] : '').join('') + (over.length > 1 ? ' depth2' : '');
      node.title = over.map(p => describe(p[2]) + (p[3] === 'src' ? ' (source)' : '')).join('\n');
      node.dataset.ids = over.map(p => p[2].id).join(' ');
      // Click picks the innermost span here (the shortest); again cycles.
      node.addEventListener('click', () => {
        if (!window.getSelection().isCollapsed) return;
        const ids = over.sort((x, y) => (x[1] - x[0]) - (y[1] - y[0])).map(p => p[2].id);
        const at = ids.indexOf(view.sel);
        view.sel = ids[(at + 1) % ids.length];
        renderDoc();
      });
    }
    if (selA) {
      if (b >= selA.span.begin && e <= selA.span.end) node.classList.add('sel', selA.attribution ? 'part-cue' : 'x');
      const at = selA.attribution;
      if (at && at.source && b >= at.source.begin && e <= at.source.end && at.source.end > at.source.begin) node.classList.add('part-source');
      if (at && b >= at.content.begin && e <= at.content.end) node.classList.add('part-content');
    }
    box.append(node);
  }
  box.addEventListener('mouseup', () => setTimeout(offerAdd, 0));
  return box;
}
function describe(a) {
  const t = view.text.slice(a.span.begin, a.span.end);
  if (a.number) return `${a.id} number ${short(a.number.kind)} "${t}" = ${a.number.date || (a.number.value ?? '')}${a.number.unit ? ' ' + a.number.unit : ''}${a.number.approx && a.number.approx !== 'APPROX_UNSPECIFIED' && a.number.approx !== 'APPROX_EXACT' ? ' (' + short(a.number.approx) + ')' : ''}`;
  if (a.entity) return `${a.id} ${short(a.entity.type)} "${t}" → ${a.entity.entityId || '(no id)'}`;
  const at = a.attribution, s = at.source && at.source.end > at.source.begin ? view.text.slice(at.source.begin, at.source.end) : '(implicit)';
  return `${a.id} "${s}" → "${t}" → "${view.text.slice(at.content.begin, at.content.end).slice(0, 60)}…"`;
}

// The selection in text offsets, snapped out to word boundaries and
// trimmed of whitespace; null when nothing is selected.
function selection() {
  const s = window.getSelection();
  if (!s || s.isCollapsed || !s.rangeCount) return null;
  const box = $('#text');
  const r = s.getRangeAt(0);
  if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return null;
  const off = (node, o) => {
    const el = node.nodeType === 3 ? node.parentElement : node.childNodes[o] || node;
    if (node.nodeType !== 3) return el.dataset && el.dataset.b ? Number(el.dataset.b) : view.text.length;
    return Number(el.dataset.b) + o;
  };
  return snap(off(r.startContainer, r.startOffset), off(r.endContainer, r.endOffset));
}
function snap(b, e) {
  const t = view.text, w = /[\p{L}\p{N}_'’%$€£.,-]/u;
  if (b > e) [b, e] = [e, b];
  while (b < e && /\s/.test(t[b])) b++;
  while (e > b && /\s/.test(t[e - 1])) e--;
  while (b > 0 && w.test(t[b - 1]) && w.test(t[b])) b--;
  while (e < t.length && w.test(t[e]) && w.test(t[e - 1])) e++;
  while (e > b && /[.,;:]/.test(t[e - 1]) && !/\d/.test(t[e] || '')) e--;
  return e > b ? { begin: b, end: e } : null;
}
function offerAdd() {
  document.querySelectorAll('.menu').forEach(m => m.remove());
  const span = selection();
  if (!span) return;
  const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
  const selA = view.sel && find(view.sel);
  const menu = h('div', { class: 'menu', id: 'addmenu' },
    h('button', { id: 'menu-n', onclick: () => add('n', span) }, '+ number (n)'), ' ',
    h('button', { id: 'menu-e', onclick: () => add('e', span) }, '+ entity (e)'), ' ',
    h('button', { id: 'menu-a', onclick: () => add('a', span) }, '+ attribution cue (a)'),
    selA && selA.attribution ? [' ', h('button', { id: 'menu-s', onclick: () => setPart('source', span) }, 'set source (s)'), ' ',
      h('button', { id: 'menu-c', onclick: () => setPart('content', span) }, 'set content (c)')] : null,
    selA ? [' ', h('button', { id: 'menu-m', onclick: () => resizeTo(span) }, `move ${selA.id} here (m)`)] : null);
  menu.style.left = `${rect.left + window.scrollX}px`;
  menu.style.top = `${rect.bottom + window.scrollY + 4}px`;
  document.body.append(menu);
}
function add(kind, span) {
  const a = { id: 'new' + (++view.seq), span, provenance: { person: me.identity } };
  if (kind === 'n') a.number = { kind: 'NUMBER_KIND_CARDINAL', unit: '', approx: 'APPROX_UNSPECIFIED' };
  if (kind === 'e') a.entity = { type: 'ENTITY_TYPE_PERSON', entityId: '', canonicalName: view.text.slice(span.begin, span.end) };
  if (kind === 'a') a.attribution = { content: nextSentence(span.end) };
  window.getSelection().removeAllRanges();
  change(() => { view.work.push(a); view.sel = a.id; });
}
function nextSentence(from) {
  const t = view.text;
  let e = t.indexOf('.', from);
  if (e < 0) e = t.length; else e++;
  let b = from; while (b < e && /\s/.test(t[b])) b++;
  return { begin: b, end: Math.max(e, b + 1) };
}
function touch(a) { a.provenance = { ...(a.provenance || {}), person: me.identity }; }
function setPart(part, span) {
  window.getSelection().removeAllRanges();
  change(() => { const a = find(view.sel); a.attribution[part] = span; touch(a); });
}
function resizeTo(span) {
  window.getSelection().removeAllRanges();
  change(() => { const a = find(view.sel); a.span = span; touch(a); });
}
function del(id) { change(() => { view.work = view.work.filter(a => a.id !== id); view.sel = null; }); }
function retype(a, dir = 1) {
  change(() => {
    if (a.number) { const i = NUMBER_KINDS.indexOf(a.number.kind); a.number.kind = NUMBER_KINDS[(i + dir + NUMBER_KINDS.length) % NUMBER_KINDS.length]; }
    if (a.entity) { const i = ENTITY_TYPES.indexOf(a.entity.type); a.entity.type = ENTITY_TYPES[(i + dir + ENTITY_TYPES.length) % ENTITY_TYPES.length]; }
    touch(a);
  });
}
// Moves one end of the selected span by a word: the start to the previous
// or next word's start, the end to the previous or next word's end (a
// number's "12,000" is one word). Nothing happens where the span would
// vanish or not move.
function nudge(a, end, dir) {
  const t = view.text, w = /[\p{L}\p{N}]/u;
  const W = i => w.test(t[i] || '') || (/[.,]/.test(t[i] || '') && /\d/.test(t[i - 1] || '') && /\d/.test(t[i + 1] || ''));
  const { begin, end: stop } = a.span;
  let x = end ? stop : begin;
  if (end && dir < 0) { while (x > begin && W(x - 1)) x--; while (x > begin && !W(x - 1)) x--; }
  if (end && dir > 0) { while (x < t.length && !W(x)) x++; while (x < t.length && W(x)) x++; }
  if (!end && dir < 0) { while (x > 0 && !W(x - 1)) x--; while (x > 0 && W(x - 1)) x--; }
  if (!end && dir > 0) { while (x < stop && W(x)) x++; while (x < stop && !W(x)) x++; }
  if (end ? x <= begin || x === stop : x >= stop || x === begin) return;
  change(() => { if (end) a.span.end = x; else a.span.begin = x; touch(a); });
}

function renderEditor() {
  const a = view.sel && find(view.sel);
  if (!a) return h('p', { class: 'hint' }, 'Select text to add a span, or click a highlighted span to edit it.');
  const set = fn => e => change(() => { fn(e.target.value, e.target); touch(a); });
  const sel = (opts, v, fn, id) => h('select', { id, onchange: set(fn) }, opts.map(o => h('option', { value: o, selected: o === v }, short(o))));
  const inp = (v, fn, id, extra = {}) => h('input', { id, value: v ?? '', onchange: set(fn), ...extra });
  const rows = [h('h3', {}, `${a.id} · ${layerOf(a)} · "${view.text.slice(a.span.begin, a.span.end)}"`)];
  if (a.number) {
    const n = a.number;
    rows.push(h('label', {}, 'kind ', sel(NUMBER_KINDS, n.kind, v => { n.kind = v; }, 'ed-kind')),
      h('label', {}, 'value ', inp(n.value, v => { if (v === '') delete n.value; else n.value = Number(v); }, 'ed-value', { type: 'number', step: 'any' })),
      h('label', {}, 'unit ', inp(n.unit, v => { n.unit = v; }, 'ed-unit')),
      h('label', {}, 'approx ', sel(APPROX, n.approx || 'APPROX_UNSPECIFIED', v => { n.approx = v; }, 'ed-approx')),
      n.kind === 'NUMBER_KIND_DATE' ? h('label', {}, 'date ', inp(n.date, v => { n.date = v; }, 'ed-date')) : null);
  }
  if (a.entity) {
    const en = a.entity;
    rows.push(h('label', {}, 'type ', sel(ENTITY_TYPES, en.type, v => { en.type = v; }, 'ed-type')),
      h('label', {}, 'entity id ', entityPicker(a)), h('label', {}, 'name ', inp(en.canonicalName, v => { en.canonicalName = v; }, 'ed-name')),
      en.entityId ? h('a', { href: '#', id: 'ed-mentions', onclick: e => { e.preventDefault(); showMentions(en.entityId); } }, 'mentions in every document') : null,
      h('div', { id: 'mentions' }));
  }
  if (a.attribution) {
    const at = a.attribution, part = s => s && s.end > s.begin ? `"${view.text.slice(s.begin, s.end)}"` : '(implicit)';
    rows.push(h('p', {}, h('span', { class: 'seg part-source' }, 'source ' + part(at.source)), ' → ',
      h('span', { class: 'seg part-cue' }, 'cue ' + part(a.span)), ' → ', h('span', { class: 'seg part-content' }, 'content ' + part(at.content).slice(0, 120))),
      h('label', {}, 'source entity ', inp(at.sourceEntityId, v => { at.sourceEntityId = v; }, 'ed-src-entity')),
      h('p', { class: 'keys' }, 'Select text, then press ', h('kbd', {}, 's'), ' to make it the source or ', h('kbd', {}, 'c'), ' the content.'),
      at.source ? h('button', { onclick: () => change(() => { delete at.source; touch(a); }) }, 'source implicit') : null);
  }
  const move = (id, end, dir, arrow, key) => h('button', { id, title: `move the ${end ? 'end' : 'start'} a word ${dir < 0 ? 'left' : 'right'} (${key})`, onclick: () => nudge(a, end, dir) }, arrow);
  rows.push(h('p', {}, 'start ', move('ed-start-left', false, -1, '◀', '['), move('ed-start-right', false, 1, '▶', ']'),
    ' end ', move('ed-end-left', true, -1, '◀', ';'), move('ed-end-right', true, 1, '▶', "'")),
    h('p', {}, h('button', { id: 'ed-delete', onclick: () => del(a.id) }, 'Delete (Del)'), ' ',
      a.number || a.entity ? h('button', { id: 'ed-retype', onclick: () => retype(a) }, 'Next type (t)') : null));
  return h('div', { class: 'form', id: 'editor' }, rows);
}
// The entity id field: typing searches the store's entities; the hits are
// listed under it (click one, or ArrowDown/ArrowUp then Enter); a typed id
// that is no hit (a new entity, a split) is taken on Enter or leaving the
// field.
function entityPicker(a) {
  const en = a.entity;
  const list = h('ul', { id: 'entity-hits', class: 'hits', role: 'listbox' });
  let hits = [], active = -1;
  const pick = e => {
    input.value = e.entityId;
    change(() => { en.entityId = e.entityId; en.canonicalName = e.canonicalName; if (ENTITY_TYPES.includes(e.type)) en.type = e.type; touch(a); });
  };
  const draw = () => list.replaceChildren(...hits.map((e, i) => h('li', { role: 'option', id: 'entity-hit-' + i, class: i === active ? 'active' : '',
    'aria-selected': String(i === active), 'data-entity': e.entityId, onmousedown: ev => ev.preventDefault(), onclick: () => pick(e) },
  h('b', {}, e.entityId), ` ${e.canonicalName} · ${short(e.type)} · ${e.mentions} mentions in ${e.documents} documents`)));
  const input = h('input', { id: 'ed-entity-id', value: en.entityId || '', placeholder: 'search the store', autocomplete: 'off',
    role: 'combobox', 'aria-controls': 'entity-hits', 'aria-expanded': 'false',
    onchange: e => { const v = e.target.value.trim(); if (v !== (en.entityId || '')) change(() => { en.entityId = v; touch(a); }); } });
  input.addEventListener('input', () => searchEntities(input.value, found => {
    hits = found.slice(0, 8); active = -1; input.setAttribute('aria-expanded', String(hits.length > 0)); draw();
  }));
  input.addEventListener('keydown', e => {
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && hits.length) {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length;
      input.setAttribute('aria-activedescendant', 'entity-hit-' + active);
      draw();
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault(); pick(hits[active]);
    } else if (e.key === 'Escape') { hits = []; active = -1; draw(); }
  });
  return h('span', { class: 'picker' }, input, list);
}
let entityTimer;
function searchEntities(q, done) {
  clearTimeout(entityTimer);
  entityTimer = setTimeout(async () => {
    const r = await api('entities?limit=30&q=' + encodeURIComponent(q));
    if (r.ok) done(r.body.entities);
  }, 150);
}
async function showMentions(id) {
  const r = await api(`entities/${encodeURIComponent(id)}/mentions`);
  const box = $('#mentions');
  if (!box) return;
  if (!r.ok) return box.replaceChildren(errText(r));
  const ids = h('datalist', { id: 'merge-ids' });
  const into = h('input', { id: 'merge-into', placeholder: 'another entity id', list: 'merge-ids', autocomplete: 'off',
    oninput: () => searchEntities(into.value, found => ids.replaceChildren(...found.map(e => h('option', { value: e.entityId }, `${e.canonicalName} · ${short(e.type)}`)))) });
  box.replaceChildren(h('ul', {}, r.body.mentions.map(m => h('li', {}, h('a', { href: '#doc/' + m.docId }, m.title || m.externalId), ': …', m.before, h('b', {}, m.mention), m.after, '…'))),
    h('p', {}, `Merge all ${r.body.mentions.length} mentions of ${id} into `, into, ' ',
      ids, h('button', { id: 'merge', onclick: () => mergeEntity(id, into.value.trim(), r.body.mentions) }, 'Merge')),
    h('p', { class: 'keys' }, 'To split an entity, give the mentions that are someone else a new id one by one.'));
}
// Merging entity ids is a correction of every document that mentions the
// entity: one commit per document, each against the version the mention
// was read from (a stale one is reported, never overwritten).
async function mergeEntity(from, into, mentions) {
  if (!into || into === from) return;
  const byDoc = new Map();
  for (const m of mentions) {
    if (!byDoc.has(m.docId)) byDoc.set(m.docId, { version: m.version, ids: [] });
    byDoc.get(m.docId).ids.push(m.annotationId);
  }
  // The target's name, when the store knows the id already.
  const found = await api('entities?limit=30&q=' + encodeURIComponent(into));
  const target = found.ok ? found.body.entities.find(e => e.entityId === into) : null;
  let ok = 0; const failed = [];
  for (const [docId, { version, ids }] of byDoc) {
    const edits = ids.map(id => ({ change: { id, annotation: { entity: { type: 'ENTITY_TYPE_PERSON', entityId: into, canonicalName: target ? target.canonicalName : into } },
      updateMask: target ? 'entity.entityId,entity.canonicalName' : 'entity.entityId' } }));
    const r = await api(`documents/${docId}/commit`, { method: 'POST', body: { expectedVersion: version, note: `merge entity ${from} into ${into}`, edits: { edits } } });
    if (r.ok) ok++; else failed.push(`${docId}: ${errText(r)}`);
  }
  toast(`Merged ${from} into ${into} in ${ok} documents` + (failed.length ? `; ${failed.length} failed` : ''));
  if (failed.length && view) { view.error = failed.join('; '); renderBanner(); }
}

function renderList() {
  const items = view.work.filter(a => !view.hidden.has(layerOf(a))).map(a => {
    const base = view.base.find(b => b.id === a.id);
    const cls = [layerOf(a), a.id === view.sel ? 'sel' : '', a.provenance && a.provenance.annotator && !a.provenance.person ? 'machine' : '',
      !base || JSON.stringify(base) !== JSON.stringify(a) ? 'dirty' : ''].join(' ');
    return h('li', { class: cls, 'data-id': a.id, onclick: () => { view.sel = a.id; renderDoc(); } }, describe(a));
  });
  return h('div', {}, h('h3', {}, `Annotations (${view.work.length})`), h('ul', { class: 'anns', id: 'anns' }, items));
}
function renderKeys() {
  const k = (key, what) => [h('kbd', {}, key), ' ', what, ' · '];
  return h('p', { class: 'keys' }, k('select text', 'then n / e / a to add'), k('j k', 'next / previous span'), k('Del', 'delete'),
    k('t', 'next type'), k('[ ]', 'move start'), k('; \'', 'move end'), k('m', 'move span to selection'), k('Ctrl+Z / Ctrl+Y', 'undo / redo'), k('Ctrl+Enter', 'commit'));
}

// ---- commit, conflicts ----
function editsOf() {
  const edits = [];
  const work = new Map(view.work.map(a => [a.id, a]));
  for (const b of view.base) if (!work.has(b.id)) edits.push({ deleteId: b.id });
  for (const a of view.work) {
    const b = view.base.find(x => x.id === a.id);
    if (!b) { const add = clone(a); delete add.id; edits.push({ add }); } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      const ann = clone(a); delete ann.id; edits.push({ change: { id: a.id, annotation: ann } });
    }
  }
  return edits;
}
function renderCommit() {
  const n = editsOf().length;
  const machine = view.work.filter(a => a.provenance && a.provenance.annotator && !a.provenance.person).length;
  return h('div', { class: 'toolbar' },
    h('button', { id: 'undo', onclick: undo, disabled: !view.undo.length }, 'Undo'), h('button', { id: 'redo', onclick: redo, disabled: !view.redo.length }, 'Redo'),
    h('button', { id: 'accept', disabled: !machine, title: 'mark every machine span as checked by you', onclick: () => change(() => view.work.forEach(a => { if (a.provenance && a.provenance.annotator && !a.provenance.person) touch(a); })) }, `Accept ${machine} machine spans`),
    h('input', { id: 'note', placeholder: 'commit note', value: view.note || '', oninput: e => { view.note = e.target.value; } }),
    h('button', { id: 'commit', disabled: !n, onclick: () => commit() }, `Commit ${n} edit${n === 1 ? '' : 's'}`));
}
async function commit(edits = editsOf(), expected = view.version) {
  if (!edits.length) return;
  view.committing = true;
  const r = await api(`documents/${view.id}/commit`, { method: 'POST', body: { expectedVersion: String(expected), note: view.note || '', edits: { edits } } });
  view.committing = false;
  if (r.ok) {
    toast(`Committed version ${r.body.version}`);
    view.note = '';
    return openDoc(view.id, { keepSel: false });
  }
  if (r.status === 409) { view.conflict = r.body; return renderBanner(); }
  view.error = errText(r);
  renderBanner();
}
function renderBanner() {
  const box = $('#banner');
  if (!box) return;
  box.replaceChildren();
  if (view.error) box.append(h('div', { class: 'banner err' }, view.error, ' ', h('button', { onclick: () => { view.error = null; renderBanner(); } }, 'OK')));
  if (view.remote && !view.conflict) {
    box.append(h('div', { class: 'banner warn', id: 'remote' }, `${view.remote.author} committed version ${view.remote.version} while you edit. Your commit will show their edits and offer to rebase yours. `,
      h('button', { onclick: () => openDoc(view.id) }, 'Discard mine and reload')));
  }
  const c = view.conflict;
  if (c) {
    const t = c.theirs, line = (cls, a) => h('li', { class: cls }, describe(a));
    box.append(h('div', { class: 'banner warn', id: 'conflict' },
      h('strong', {}, `Version ${c.headVersion} was committed meanwhile; nothing of yours was written.`),
      h('p', {}, 'Their edits since your version:'),
      h('ul', {}, t.added.map(a => line('add', a)), t.removed.map(a => line('rm', a)), t.changed.map(d => line('chg', d.after))),
      c.rebase && c.rebase.conflicts.length ? [h('p', {}, 'Your edits that cannot be carried over:'), h('ul', { id: 'conflicts' }, c.rebase.conflicts.map(x => h('li', {}, x)))] : null,
      c.rebase ? h('button', { id: 'rebase', onclick: () => { const rb = c.rebase; view.conflict = null; view.remote = null; commit(rb.edits.edits || [], rb.baseVersion); } },
        `Rebase my ${c.rebase.edits.edits ? c.rebase.edits.edits.length : 0} edits onto version ${c.headVersion} and commit`) : null, ' ',
      h('button', { onclick: () => { view.conflict = null; view.remote = null; openDoc(view.id); } }, 'Discard mine, show theirs')));
  }
}

// ---- history and diff ----
async function openHistory(id) {
  const r = await api(`documents/${id}/versions`);
  if (!r.ok) { $('#main').replaceChildren(h('p', { class: 'banner err' }, errText(r))); return; }
  const d = await api('documents/' + id);
  view = null;
  const vs = r.body.versions;
  const from = h('select', { id: 'diff-from' }, vs.map(v => h('option', { value: v.version, selected: Number(v.version) === vs.length - 1 }, 'v' + v.version)));
  const to = h('select', { id: 'diff-to' }, vs.map(v => h('option', { value: v.version, selected: Number(v.version) === vs.length }, 'v' + v.version)));
  const out = h('div', { id: 'diff' });
  const show = async () => {
    const df = await api(`documents/${id}/diff?from=${from.value}&to=${to.value}`);
    if (!df.ok) return out.replaceChildren(errText(df));
    const text = d.body.text, t = a => `${a.id} ${layerOf(a)} "${text.slice(a.span.begin, a.span.end)}" ${a.number ? short(a.number.kind) + ' ' + (a.number.value ?? a.number.date ?? '') : a.entity ? short(a.entity.type) + ' ' + a.entity.entityId : ''}`;
    out.replaceChildren(h('div', { class: 'diff' },
      h('div', {}, h('h4', {}, 'v' + from.value), df.body.removed.map(a => h('div', { class: 'rm' }, '− ' + t(a))), df.body.changed.map(c => h('div', { class: 'chg' }, '~ ' + t(c.before)))),
      h('div', {}, h('h4', {}, 'v' + to.value), df.body.added.map(a => h('div', { class: 'add' }, '+ ' + t(a))), df.body.changed.map(c => h('div', { class: 'chg' }, '~ ' + t(c.after))))),
    (df.body.added.length + df.body.removed.length + df.body.changed.length) ? null : h('p', {}, 'No differences.'));
  };
  $('#main').replaceChildren(h('div', { class: 'toolbar' }, h('a', { href: '#doc/' + id }, '← back to the document'), h('strong', {}, 'History')),
    h('table', { class: 'docs', id: 'versions' }, h('tr', {}, ['Version', 'Kind', 'Author', 'When', 'Note', 'Annotations'].map(x => h('th', {}, x))),
      vs.map(v => h('tr', {}, h('td', {}, 'v' + v.version), h('td', {}, v.kind.replace('CHANGE_KIND_', '').toLowerCase()), h('td', {}, v.author), h('td', {}, v.createdAt), h('td', {}, v.note), h('td', {}, String(v.annotationCount))))),
    h('p', {}, 'Compare ', from, ' with ', to, ' ', h('button', { onclick: show }, 'Diff')), out);
  if (vs.length > 1) show();
}

// ---- keyboard ----
document.addEventListener('keydown', e => {
  if (!view) return;
  if (e.target.matches('input, select, textarea')) return;
  const a = view.sel && find(view.sel);
  const span = selection();
  const key = e.key;
  if ((e.ctrlKey || e.metaKey) && key === 'z') { e.preventDefault(); return undo(); }
  if ((e.ctrlKey || e.metaKey) && (key === 'y' || (e.shiftKey && key === 'Z'))) { e.preventDefault(); return redo(); }
  if ((e.ctrlKey || e.metaKey) && key === 'Enter') { e.preventDefault(); return commit(); }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (span && 'nea'.includes(key)) { e.preventDefault(); document.querySelectorAll('.menu').forEach(m => m.remove()); return add(key, span); }
  if (span && a && a.attribution && (key === 's' || key === 'c')) { e.preventDefault(); return setPart(key === 's' ? 'source' : 'content', span); }
  if (span && a && key === 'm') { e.preventDefault(); return resizeTo(span); }
  if (key === 'j' || key === 'k') {
    const vis = view.work.filter(x => !view.hidden.has(layerOf(x)));
    if (!vis.length) return;
    const i = vis.findIndex(x => x.id === view.sel);
    view.sel = vis[(i + (key === 'j' ? 1 : -1) + vis.length) % vis.length].id;
    e.preventDefault();
    return renderDoc();
  }
  if (key === 'Escape') { view.sel = null; document.querySelectorAll('.menu').forEach(m => m.remove()); return renderDoc(); }
  if (!a) return;
  if (key === 'Delete' || key === 'Backspace') { e.preventDefault(); return del(a.id); }
  if (key === 't' || key === 'T') { e.preventDefault(); return retype(a, key === 't' ? 1 : -1); }
  if (key === '[') return nudge(a, false, -1);
  if (key === ']') return nudge(a, false, 1);
  if (key === ';') return nudge(a, true, -1);
  if (key === "'") return nudge(a, true, 1);
});
$('#home').addEventListener('click', e => { e.preventDefault(); location.hash = ''; route(); });
start();
