// Unit tests of web/js/update.js: when a page left open says a newer build
// is ready, and when it asks the browser to look for one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchUpdates } from '../../web/js/update.js';

/** A minimal event target. */
function target(extra = {}) {
  const ls = {};
  return Object.assign({
    addEventListener: (t, f) => { (ls[t] ||= []).push(f); },
    fire: (t) => (ls[t] || []).forEach((f) => f()),
  }, extra);
}

function setup({ controller }) {
  const updates = [];
  const sw = target({ controller, getRegistration: async () => ({ update: async () => { updates.push(1); } }) });
  const button = target();
  const notice = { hidden: true, querySelector: (s) => (s === '[data-reload]' ? button : null) };
  const doc = target({ visibilityState: 'visible' });
  let t = 1000;
  let reloads = 0;
  watchUpdates(sw, notice, { now: () => t, doc, reload: () => { reloads++; } });
  return { sw, notice, button, doc, updates, advance: (ms) => { t += ms; }, reloads: () => reloads };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('update notice', () => {
  it('a newer build taking over a controlled page is said; the button reloads', () => {
    const s = setup({ controller: {} });
    assert.equal(s.notice.hidden, true);
    s.sw.fire('controllerchange');
    assert.equal(s.notice.hidden, false);
    s.button.fire('click');
    assert.equal(s.reloads(), 1);
  });

  it('the first worker taking over a page opened without one is not news', () => {
    const s = setup({ controller: null });
    s.sw.fire('controllerchange');
    assert.equal(s.notice.hidden, true);
    s.sw.fire('controllerchange'); // … but the next build is
    assert.equal(s.notice.hidden, false);
  });

  it('asks for a new build when shown after an hour, not more often', async () => {
    const s = setup({ controller: {} });
    s.doc.fire('visibilitychange');
    await tick();
    assert.equal(s.updates.length, 0, 'not right after load');
    s.advance(59 * 60 * 1000);
    s.doc.fire('visibilitychange');
    await tick();
    assert.equal(s.updates.length, 0, 'not before an hour');
    s.advance(2 * 60 * 1000);
    s.doc.visibilityState = 'hidden';
    s.doc.fire('visibilitychange');
    await tick();
    assert.equal(s.updates.length, 0, 'not when hidden');
    s.doc.visibilityState = 'visible';
    s.doc.fire('visibilitychange');
    await tick();
    assert.equal(s.updates.length, 1);
    s.doc.fire('visibilitychange');
    await tick();
    assert.equal(s.updates.length, 1, 'the hour starts again');
  });
});
