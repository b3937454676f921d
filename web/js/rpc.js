// The messages between the page and the core's workers (web/js/worker.js).
//
//   page → worker   {id, method, args}        a call
//                   {cancel: id}              stop that call (a file being read)
//                   {init: {...}}             first message (see worker.js)
//   worker → page   {id, value}               the call's result
//                   {id, error, name}         its failure: a French sentence
//                   {id, progress}            how far a long call is
//                   {event, data}             news: ready, mark, fetched, shard, crash
//
// Files go to the worker as File objects (a handle: the worker reads the
// bytes itself) and byte buffers the worker makes are transferred, never
// copied. A crash of the worker (an uncaught error, Go exiting) rejects the
// calls under way with a French message and starts a new worker: the page
// lives on.

/** The message of a call stopped by the user. */
export const CANCELLED = 'Lecture annulée.';

/** An Error named like the DOM's, for a call stopped by the user. */
export function abortError() {
  const e = new Error(CANCELLED);
  e.name = 'AbortError';
  return e;
}

/** The reason of a worker's uncaught error, without the browser's English prefix. */
const uncaught = (e) => `erreur : ${String(e.message || 'inconnue').replace(/^Uncaught (\w*Error: )?/, '')}`;

/**
 * The page's end of a worker. create(restarted) makes a new Worker (already
 * given its init message) and, the first time, may return {worker, early}:
 * messages and errors that arrived before this end listened (boot.js starts
 * the viewer's worker before the modules are loaded). onEvent(name, data)
 * gets the worker's news; onCrash(message) is told of a restart after a
 * crash.
 */
export class Client {
  constructor(create, {onEvent = () => {}, onCrash = () => {}, what = 'Le moteur de calcul'} = {}) {
    this.create = create;
    this.onEvent = onEvent;
    this.onCrash = onCrash;
    this.what = what;
    this.nextId = 1;
    this.pending = new Map(); // id → {method, args, resolve, reject, onProgress}
    this.worker = null;
    this.crashes = []; // when the last workers crashed
    this.dead = null; // the Error of a worker that crashed too often
    this.open(false);
  }

  open(restarted) {
    const made = this.create(restarted);
    const {worker, early = []} = made instanceof Worker || !made?.worker ? {worker: made} : made;
    this.worker = worker;
    worker.onmessage = (e) => this.receive(worker, e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.crash(worker, uncaught(e));
    };
    worker.onmessageerror = () => this.crash(worker, 'message illisible');
    for (const e of early) {
      if (e.type === 'message') this.receive(worker, e.data);
      else this.crash(worker, uncaught(e));
    }
  }

  receive(worker, m) {
    if (worker !== this.worker || !m) return;
    if (m.event) {
      if (m.event === 'crash') this.crash(worker, m.data);
      else this.onEvent(m.event, m.data);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if ('progress' in m) {
      p.onProgress?.(m.progress);
      return;
    }
    this.pending.delete(m.id);
    if (m.error !== undefined) {
      const err = m.name === 'AbortError' ? abortError() : new Error(m.error);
      p.reject(err);
    } else {
      p.resolve(m.value);
    }
  }

  /**
   * Calls method in the worker; resolves with its result. opts: onProgress
   * (the worker's {phase, …} reports), signal (an AbortSignal: the worker
   * is asked to stop; one busy in Go is replaced by a new one), transfer
   * (ArrayBuffers moved to the worker).
   */
  call(method, args = [], {onProgress, signal, transfer = []} = {}) {
    return new Promise((resolve, reject) => {
      if (this.dead) { reject(this.dead); return; }
      if (signal?.aborted) { reject(abortError()); return; }
      const id = this.nextId++;
      const p = {method, args, resolve, reject, onProgress};
      this.pending.set(id, p);
      this.worker.postMessage({id, method, args}, transfer);
      if (signal) {
        signal.addEventListener('abort', () => {
          if (!this.pending.has(id)) return;
          const worker = this.worker;
          worker.postMessage({cancel: id});
          // A worker working in Go cannot read the message: after a short
          // while, it is replaced, and the other calls sent again.
          setTimeout(() => {
            if (!this.pending.has(id) || worker !== this.worker) return;
            this.pending.delete(id);
            reject(abortError());
            this.replace();
          }, 250);
        }, {once: true});
      }
    });
  }

  /** Replaces the worker and sends the calls under way to the new one. */
  replace() {
    this.worker.terminate();
    this.open(true);
    for (const [id, p] of this.pending) this.worker.postMessage({id, method: p.method, args: p.args});
  }

  /**
   * The worker failed: the calls under way fail, a new worker starts
   * (not a fourth time within a minute: the page must then be reloaded).
   */
  crash(worker, reason) {
    if (worker !== this.worker) return;
    worker.terminate();
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 60000).concat(now);
    const again = this.crashes.length <= 3;
    const message = again
      ? `${this.what} s'est arrêté (${reason}) ; il a été relancé : réessayez.`
      : `${this.what} s'est arrêté plusieurs fois (${reason}) : rechargez la page.`;
    const calls = [...this.pending.values()];
    this.pending.clear();
    if (again) this.open(true);
    else this.dead = new Error(message);
    for (const p of calls) p.reject(new Error(message));
    this.onCrash(message);
  }
}

/**
 * The worker's end: answers the page's calls with handlers[method](args,
 * ctx), ctx = {progress(p), signal}. Calls start in order of priority
 * (lower first, see priorityOf), one per task, so that a search sent while
 * other work waits is started first. Returns emit(event, data).
 */
export function serve(scope, handlers, {priorityOf = () => 1, onInit = () => {}} = {}) {
  const queue = [];
  const controllers = new Map();
  let scheduled = false;
  const emit = (event, data) => scope.postMessage({event, data});

  const run = async ({id, method, args}) => {
    const ctrl = new AbortController();
    controllers.set(id, ctrl);
    try {
      const h = handlers[method] || handlers['*'];
      const ctx = {progress: (progress) => scope.postMessage({id, progress}), signal: ctrl.signal, method};
      const value = await h(args || [], ctx);
      const transfer = value && value.buffer instanceof ArrayBuffer && value.byteLength === value.buffer.byteLength ? [value.buffer] : [];
      scope.postMessage({id, value}, transfer);
    } catch (e) {
      scope.postMessage({id, error: (e && e.message) || String(e), name: e && e.name});
    } finally {
      controllers.delete(id);
    }
  };

  const drain = () => {
    scheduled = false;
    if (!queue.length) return;
    // The most urgent call, the oldest among equals.
    let best = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i].priority < queue[best].priority) best = i;
    const [next] = queue.splice(best, 1);
    run(next.msg);
    schedule();
  };
  const schedule = () => {
    if (scheduled || !queue.length) return;
    scheduled = true;
    setTimeout(drain, 0);
  };

  scope.onmessage = (e) => {
    const m = e.data;
    if (!m) return;
    if (m.init) { onInit(m.init); return; }
    if (m.cancel) {
      const q = queue.findIndex((x) => x.msg.id === m.cancel);
      if (q >= 0) {
        const [x] = queue.splice(q, 1);
        scope.postMessage({id: x.msg.id, error: CANCELLED, name: 'AbortError'});
      }
      controllers.get(m.cancel)?.abort();
      return;
    }
    queue.push({msg: m, priority: priorityOf(m.method)});
    schedule();
  };
  return emit;
}
