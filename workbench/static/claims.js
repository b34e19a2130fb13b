// The claims view (#claims): who gave which figure for the same thing,
// across the store's articles (GET /api/v1/claims, docs/claims.md). One
// section per claim group: a table of its figures (as written, normalized,
// source, article, date) and a hand-drawn SVG plot of them, value against
// the article's date, one colour and marker per source. No library.
//
//   import { showClaims, claimsChanged } from './claims.js';
//   showClaims({ h, api, errText });   // into #main
//   claimsChanged(changeEvent);        // reloads when a change touched claims
const SVG = 'http://www.w3.org/2000/svg';
// Okabe-Ito: told apart by most colour-blind readers; the marker shapes
// tell sources apart without colour.
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#8a6d3b'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'ring', 'cross'];
const PAGE = 50;
const num = x => Number(x ?? 0);  // protobuf JSON: "Infinity" for +inf, absent for 0
const full = new Intl.NumberFormat('en', { maximumFractionDigits: 6 });
const words = new Intl.NumberFormat('en', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 3 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });
// 5,500 / 6.05 billion / ∞; sums like 1.1 x 5.5e9 rounded to 10 digits.
const fmt = (v, f) => {
  if (!isFinite(v)) return v > 0 ? '∞' : '−∞';
  v = Number(v.toPrecision(10));
  return (f || (Math.abs(v) >= 1e6 ? words : full)).format(v);
};

export const claimsState = { measure: '', entity: '', source: '', disagree: false, singles: false };
let ctx = null;  // { h, api, errText } from app.js
let loaded = { groups: [], documents: {}, next: '' };
let seq = 0;  // the newest load; older answers are dropped

const s = (tag, attrs = {}, ...kids) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  for (const kid of kids.flat()) if (kid != null) el.append(kid);
  return el;
};

export function showClaims(deps) {
  ctx = deps;
  const { h } = ctx, f = claimsState;
  // Entity ids offered as you type (the store's entities), and "outlet".
  const ids = h('datalist', { id: 'c-entity-ids' });
  const field = (k, ph, label, list) => h('input', { id: 'c-' + k, placeholder: ph, 'aria-label': label, value: f[k], list,
    oninput: e => { f[k] = e.target.value.trim(); loadSoon(); if (list) suggest(f[k], ids); } });
  const check = (k, label) => h('label', {}, h('input', { type: 'checkbox', id: 'c-' + k, checked: f[k],
    onchange: e => { f[k] = e.target.checked; load(); } }), ' ', label);
  document.getElementById('main').replaceChildren(
    h('div', { class: 'filters', role: 'search', 'aria-label': 'filter claim groups' },
      field('measure', 'measure, e.g. count:soldier', 'measure (group key prefix)'),
      field('entity', 'entity id', 'entity id named in the sentence or giving the figure', 'c-entity-ids'),
      field('source', 'source entity id or outlet', 'source entity id, or outlet', 'c-entity-ids'), ids,
      check('disagree', 'disagreeing only'), check('singles', 'groups of one figure too')),
    h('div', { id: 'claimlist' }, 'Loading…'));
  load();
}

// A change that added, removed or altered claims re-reads the open view.
export function claimsChanged(ev) {
  if (document.getElementById('claimlist') && ev.claimGroups && ev.claimGroups.length) loadSoon();
}

let timer;
function loadSoon() { clearTimeout(timer); timer = setTimeout(load, 250); }
let suggestTimer;
function suggest(q, list) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const r = await ctx.api('entities?limit=20&q=' + encodeURIComponent(q));
    if (!r.ok) return;
    list.replaceChildren(ctx.h('option', { value: 'outlet' }, 'the articles\' own figures'),
      ...r.body.entities.map(e => ctx.h('option', { value: e.entityId }, `${e.canonicalName} · ${e.mentions} mentions`)));
  }, 150);
}

function query(token) {
  const f = claimsState, p = new URLSearchParams();
  for (const k of ['measure', 'entity', 'source']) if (f[k]) p.set(k, f[k]);
  if (f.disagree) p.set('disagree', '1');
  p.set('minClaims', f.singles ? '1' : '2');
  p.set('pageSize', String(PAGE));
  if (token) p.set('pageToken', token);
  return 'claims?' + p;
}

// Reads a page of groups (more: after those shown). A page the store cut
// short without groups is followed at once, a few times.
async function load(more = false) {
  const me = ++seq;
  let token = more ? loaded.next : '';
  const acc = more ? loaded : { groups: [], documents: {}, next: '' };
  for (let hop = 0; hop < 20; hop++) {
    const r = await ctx.api(query(token));
    if (me !== seq) return;
    const box = document.getElementById('claimlist');
    if (!box) return;
    if (!r.ok) { box.replaceChildren(ctx.h('p', { class: 'banner err' }, ctx.errText(r))); return; }
    acc.groups.push(...r.body.groups);
    Object.assign(acc.documents, r.body.documents);
    acc.next = r.body.nextPageToken;
    token = acc.next;
    if (r.body.groups.length || !token) break;
  }
  loaded = acc;
  render();
}

function render() {
  const { h } = ctx, box = document.getElementById('claimlist');
  const { groups, documents, next } = loaded;
  const n = groups.reduce((k, g) => k + g.claims.length, 0);
  const disagree = groups.filter(g => g.disagree).length;
  box.replaceChildren(...[
    h('p', { id: 'claims-count', role: 'status' }, `${groups.length} group${groups.length === 1 ? '' : 's'} of ${n} figures` +
      (disagree ? `, ${disagree} with disagreeing figures` : '') + (next ? ' so far' : '')),
    groups.length ? null : h('p', {}, 'No claim groups match.'),
    groups.map((g, i) => renderGroup(g, documents, i)),
    next ? h('button', { id: 'claims-more', onclick: () => load(true) }, 'More groups') : null,
  ].flat().filter(x => x != null));
}

// ---- one group ----
function docLabel(d, id) { return (d && (d.title || d.externalId)) || id; }
function dateOf(c, docs) {
  const t = c.publishedAt || (docs[c.docId] && docs[c.docId].publishedAt) || '';
  return t ? t.slice(0, 10) : '';
}
// Who gives the figure: the source entity, else the source's words, else
// the article's outlet (one source per outlet).
function sourceOf(c, docs) {
  const d = docs[c.docId];
  if (c.outlet) {
    const name = c.sourceText || (d && d.source) || docLabel(d, c.docId);
    return { key: 'outlet:' + name, legend: 'outlet: ' + name, text: 'the outlet' + (c.sourceText || (d && d.source) ? ` (${name})` : '') };
  }
  if (c.sourceEntityId) return { key: c.sourceEntityId, legend: c.sourceEntityId, text: c.sourceText, id: c.sourceEntityId };
  return { key: 'text:' + c.sourceText, legend: c.sourceText || '(unnamed)', text: c.sourceText || '(unnamed)' };
}
function interval(c) {
  const lo = num(c.low), hi = num(c.high);
  const v = c.number && c.number.value !== undefined ? num(c.number.value) : null;
  let point = v != null && v >= lo && v <= hi ? v : isFinite(hi) ? (lo + hi) / 2 : lo;
  if (!isFinite(point)) point = 0;
  return { lo, hi, point };
}
function normalized(c) {
  const { lo, hi, point } = interval(c);
  const unit = c.number && c.number.unit ? ' ' + c.number.unit : '';
  if (lo === hi) return fmt(lo) + unit;
  const range = hi === Infinity ? `≥ ${fmt(lo)}` : `${fmt(lo)} – ${fmt(hi)}`;
  return `${fmt(point)}${unit} (${range})`;
}

function renderGroup(g, docs, index) {
  const { h } = ctx;
  const sources = new Map();  // key -> { legend, i }
  for (const c of g.claims) {
    const src = sourceOf(c, docs);
    if (!sources.has(src.key)) sources.set(src.key, { legend: src.legend, i: sources.size });
  }
  const id = 'group-' + index;
  const rows = g.claims.map(c => {
    const src = sourceOf(c, docs), d = docs[c.docId], date = dateOf(c, docs);
    return h('tr', { 'data-source': src.key, 'data-claim': `${c.docId}/${c.annotationId}` },
      h('td', { class: 'figure', title: c.sentence }, c.text),
      h('td', { class: 'value' }, normalized(c)),
      h('td', { class: 'source' }, marker(sources.get(src.key).i), ' ', src.text || '',
        src.id ? [' ', h('span', { class: 'eid' }, src.id)] : null, c.cue ? h('span', { class: 'cue' }, ` · ${c.cue}`) : null),
      h('td', {}, h('a', { href: '#doc/' + c.docId }, docLabel(d, c.docId))),
      h('td', {}, date || '—'));
  });
  const what = [g.measure, g.predicate, g.per && 'per ' + g.per].filter(Boolean).join(' · ');
  return h('section', { class: 'group' + (g.disagree ? ' disagree' : ''), 'data-key': g.key, 'aria-labelledby': id + '-h' },
    h('h3', { id: id + '-h' }, h('code', {}, g.key), ' ', h('span', { class: 'what' }, what),
      g.disagree ? h('span', { class: 'badge disagree', title: 'no value lies in every figure\'s interval' }, 'figures disagree') : null,
      g.regrouped ? h('span', { class: 'badge' }, 'regrouped by a person') : null),
    h('div', { class: 'group-body' },
      h('table', { class: 'docs claims', 'aria-labelledby': id + '-h' },
        h('tr', {}, ['Figure', 'Normalized', 'Source', 'Article', 'Date'].map(t => h('th', { scope: 'col' }, t))), rows),
      h('figure', { class: 'plot' }, plot(g, docs, sources, id),
        h('figcaption', {}, h('ul', { class: 'legend', 'aria-label': 'sources' },
          [...sources.values()].map(v => h('li', {}, marker(v.i), ' ', v.legend)))))));
}

// ---- the plot ----
// A small legend/table marker: the source's shape in its colour.
function marker(i) {
  return s('svg', { width: 14, height: 14, viewBox: '-7 -7 14 14', 'aria-hidden': 'true', class: 'mark' }, shape(i, 0, 0));
}
function shape(i, x, y) {
  const c = COLOURS[i % COLOURS.length], kind = MARKERS[i % MARKERS.length];
  const a = { fill: c, stroke: '#fff', 'stroke-width': 1, class: 'point' };
  switch (kind) {
    case 'circle': return s('circle', { ...a, cx: x, cy: y, r: 5.5 });
    case 'square': return s('rect', { ...a, x: x - 5, y: y - 5, width: 10, height: 10 });
    case 'triangle': return s('path', { ...a, d: `M${x} ${y - 6.5}L${x + 6} ${y + 4.5}L${x - 6} ${y + 4.5}Z` });
    case 'diamond': return s('path', { ...a, d: `M${x} ${y - 7}L${x + 6} ${y}L${x} ${y + 7}L${x - 6} ${y}Z` });
    case 'ring': return s('circle', { ...a, fill: '#fff', stroke: c, 'stroke-width': 2.5, cx: x, cy: y, r: 4.5 });
    default: return s('path', { ...a, fill: 'none', stroke: c, 'stroke-width': 2.5, d: `M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}` });
  }
}
// Tick values covering [lo, hi] at a 1/2/5 x 10^k step.
function scale(lo, hi) {
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) { const d = Math.abs(hi) * 0.1 || 1; lo -= d; hi += d; }
  const raw = (hi - lo) / 5, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map(m => m * p).find(st => (hi - lo) / st <= 5.5);
  const a = Math.floor(lo / step) * step, b = Math.ceil(hi / step) * step, ticks = [];
  for (let k = 0; a + k * step <= b + step * 1e-9; k++) ticks.push(a + k * step);
  return { lo: a, hi: b, ticks };
}

function plot(g, docs, sources, id) {
  // x: the articles, by date (undated ones after, in the group's order);
  // the claims of one article side by side in its slot.
  const order = [...new Set(g.claims.map(c => c.docId))];
  const date = Object.fromEntries(order.map(d => [d, dateOf(g.claims.find(c => c.docId === d), docs)]));
  order.sort((a, b) => (!date[a] !== !date[b] ? (date[a] ? -1 : 1) : date[a] < date[b] ? -1 : date[a] > date[b] ? 1 : 0));
  const L = 64, R = 14, T = 14, B = 44, slot = 84, H = 250;
  const W = Math.max(360, L + R + order.length * slot);
  const ivs = g.claims.map(interval);
  const finite = ivs.flatMap(v => [v.lo, v.hi, v.point]).filter(isFinite);
  const open = ivs.some(v => !isFinite(v.hi));
  const openBelow = ivs.some(v => !isFinite(v.lo));
  let lo = finite.length ? Math.min(...finite) : 0, hi = finite.length ? Math.max(...finite) : 1;
  const span = hi - lo || Math.abs(hi) || 1;
  hi += span * (open ? 0.12 : 0.05);  // room above, more for open ends' arrows
  lo = openBelow ? lo - span * 0.12 : lo > 0 ? Math.max(0, lo - span * 0.05) : lo < 0 ? lo - span * 0.05 : lo;
  const sc = scale(lo, hi);
  const y = v => T + (H - T - B) * (1 - (Math.min(Math.max(v, sc.lo), sc.hi) - sc.lo) / (sc.hi - sc.lo));
  const slotX = d => L + slot * (order.indexOf(d) + 0.5);
  const unit = g.claims[0].number && g.claims[0].number.unit;
  const summary = `${g.claims.length} figures from ${sources.size} source${sources.size === 1 ? '' : 's'} in ${order.length} article${order.length === 1 ? '' : 's'}` +
    (g.disagree ? '; the figures disagree' : '') + ': ' + g.claims.map(c => `${c.text} (${sourceOf(c, docs).legend})`).join('; ') + '.';
  const svg = s('svg', { class: 'claims-plot' + (order.length <= 6 ? ' fit' : ''), width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
    s('title', { id: id + '-t' }, `Figures for ${g.key} by source and article date`),
    s('desc', { id: id + '-d' }, summary));
  // Axes and grid.
  const axis = s('g', { class: 'axis', 'aria-hidden': 'true' });
  for (const t of sc.ticks) {
    axis.append(s('line', { x1: L, x2: W - R, y1: y(t), y2: y(t), class: 'grid' }),
      s('text', { x: L - 6, y: y(t) + 4, 'text-anchor': 'end' }, fmt(t, compact)));
  }
  axis.append(s('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'frame' }), s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'frame' }),
    s('text', { x: 12, y: (T + H - B) / 2, transform: `rotate(-90 12 ${(T + H - B) / 2})`, 'text-anchor': 'middle', class: 'label' },
      (g.measure || g.key) + (unit && !String(g.measure).includes(unit) ? ` (${unit})` : '')));
  for (const d of order) {
    const name = docLabel(docs[d], d);
    axis.append(s('text', { x: slotX(d), y: H - B + 16, 'text-anchor': 'middle' }, date[d] || 'no date'),
      s('text', { x: slotX(d), y: H - B + 31, 'text-anchor': 'middle', class: 'doc' }, name.length > 11 ? name.slice(0, 10) + '…' : name));
  }
  svg.append(axis);
  // One mark per claim: the interval as a vertical bar (an arrow for an
  // open end), the stated value as the source's marker.
  const per = new Map();
  g.claims.forEach((c, i) => {
    const k = per.get(c.docId) || []; k.push(i); per.set(c.docId, k);
  });
  g.claims.forEach((c, i) => {
    const inSlot = per.get(c.docId), j = inSlot.indexOf(i), n = inSlot.length;
    const gap = Math.min(16, (slot - 16) / Math.max(1, n - 1));
    const x = slotX(c.docId) + (j - (n - 1) / 2) * gap;
    const v = ivs[i], src = sourceOf(c, docs), si = sources.get(src.key).i, colour = COLOURS[si % COLOURS.length];
    const label = `“${c.text}”: ${normalized(c)}, ${src.legend}, ${docLabel(docs[c.docId], c.docId)}, ${date[c.docId] || 'no date'}`;
    const mark = s('g', { class: 'claim', 'data-source': src.key, 'data-claim': `${c.docId}/${c.annotationId}` }, s('title', {}, label));
    if (v.lo !== v.hi) {
      const top = isFinite(v.hi) ? y(v.hi) : T, bottom = isFinite(v.lo) ? y(v.lo) : H - B;
      // A finite end gets a cap, an open one an arrow pointing on.
      const end = (at, finite, dir) => (finite ? s('line', { x1: x - 4, x2: x + 4, y1: at, y2: at, stroke: colour, 'stroke-width': 2 })
        : s('path', { d: `M${x - 4.5} ${at + 7 * dir}L${x} ${at}L${x + 4.5} ${at + 7 * dir}`, fill: 'none', stroke: colour, 'stroke-width': 2, class: 'open' }));
      mark.append(s('line', { x1: x, x2: x, y1: bottom, y2: top, stroke: colour, 'stroke-width': 2.5, class: 'interval' }),
        end(bottom, isFinite(v.lo), -1), end(top, isFinite(v.hi), 1));
    }
    mark.append(shape(si, x, y(v.point)));
    svg.append(mark);
  });
  return ctx.h('div', { class: 'plot-scroll' }, svg);
}
