// Small DOM helpers. Every text that may come from a file or the dataset is
// inserted as a text node (never as HTML): labels of budget lines are data.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  if (!attrs) return el;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'hidden' || k === 'disabled' || k === 'checked' || k === 'selected') el[k] = Boolean(v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return el;
}

/** Appends children (nodes, texts, nested arrays; null and false skipped) to el. */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** h('p', {class: 'x'}, 'text', child…) creates an HTML element. */
export function h(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** s('rect', {x: 0}) creates an SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    }
  }
  return append(el, children);
}

/** $('id') is document.getElementById. */
export const $ = (id) => document.getElementById(id);

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text read by screen readers only. */
export const sr = (text) => h('span', {class: 'visually-hidden'}, text);

/** Triggers a download of a Blob under a file name. */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', {href: url, download: name, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Resolves in a later task of the page's thread, so that the page may paint
 * and answer the user between two steps of work (scheduler.yield where the
 * browser has it: the rest of the work then goes before other tasks).
 */
export function nextTask() {
  if (globalThis.scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves once the page has drawn its next frame (its layout is then up to
 * date: reading a size costs nothing), or after 100 ms in a hidden tab,
 * which draws no frames.
 */
export function afterFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/**
 * Resolves once the page's first content is on the screen (at once when it
 * already is, as after start-up), or after ms when the browser does not say
 * (no paint timing, a tab opened in the background): for what the first
 * frame does not need, so that its downloads never compete with it.
 */
export function afterFirstPaint(ms = 3000) {
  return new Promise((resolve) => {
    if (performance.getEntriesByName('first-contentful-paint').length
      || !(globalThis.PerformanceObserver?.supportedEntryTypes || []).includes('paint')) {
      resolve();
      return;
    }
    const done = () => { obs.disconnect(); clearTimeout(t); resolve(); };
    const obs = new PerformanceObserver((list) => { if (list.getEntriesByName('first-contentful-paint').length) done(); });
    const t = setTimeout(done, ms);
    obs.observe({type: 'paint', buffered: true});
  });
}

/** Runs fn at most once per animation frame with the latest arguments. */
export function perFrame(fn) {
  let pending = null;
  let args = [];
  return (...a) => {
    args = a;
    if (pending !== null) return;
    pending = requestAnimationFrame(() => {
      pending = null;
      fn(...args);
    });
  };
}

/** Debounces fn by ms with the latest arguments. */
export function debounce(fn, ms) {
  let t = null;
  let pending = null; // the arguments of the call waiting, if any
  const d = (...a) => {
    clearTimeout(t);
    pending = a;
    t = setTimeout(() => { pending = null; fn(...a); }, ms);
  };
  d.flush = (...a) => { clearTimeout(t); pending = null; fn(...a); };
  /** Runs the waiting call now, if there is one. */
  d.flushPending = () => { if (pending) d.flush(...pending); };
  d.cancel = () => { clearTimeout(t); pending = null; };
  return d;
}
