// A new build, said to a page left open. A page keeps the build it was
// opened with for its whole life (sw.js), so a tab left open for days would
// never see a new version: when the service worker of a newer build takes
// over (controllerchange, after it fetched and checked the whole new set),
// the page says so and offers to reload. The browser looks for a new build
// at each page load; an open page asks again when it is shown after
// CHECK_EVERY_MS or more. Nothing is reloaded without the user: a draft is
// stored as it is typed, but a class game or a form in progress is theirs.

const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * Watches for a newer build; shows notice (hidden until then, with a
 * [data-reload] button) when one is ready. sw: navigator.serviceWorker.
 */
export function watchUpdates(sw, notice, {now = Date.now, doc = document, reload = () => location.reload()} = {}) {
  // The first worker taking over a page opened without one is not news.
  let controlled = Boolean(sw.controller);
  sw.addEventListener('controllerchange', () => {
    if (controlled) notice.hidden = false;
    controlled = true;
  });
  notice.querySelector('[data-reload]').addEventListener('click', () => reload());
  let last = now();
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState !== 'visible' || now() - last < CHECK_EVERY_MS) return;
    last = now();
    sw.getRegistration().then((r) => r && r.update()).catch(() => {});
  });
}
