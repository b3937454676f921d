// Unit tests of web/js/storage.js (node --test): a draft stored and read
// back, with a table's sheet, year and columns (issue 17).
import {beforeEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import * as storage from '../../web/js/storage.js';

/** A localStorage of a quota in characters (Infinity: none). */
function fakeStorage(quota = Infinity) {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => {
      if (String(v).length > quota) throw new Error('QuotaExceededError');
      m.set(k, String(v));
    },
    removeItem: (k) => m.delete(k),
  };
}

const mapping = {columns: {nature: 0, fonction: 1, montant: 2}, header: 1, preset: '', votedBy: '', kind: '', nomenclature: ''};
const tableFile = (bytes) => ({
  name: 'export.csv', size: 60, bytes, report: {total: '11734.00', year: 2012}, request: {section: 'all', mapping, year: 2012},
  ownPopulation: 0, population: null,
  table: {proposal: {shape: 'x;y;z'}, edited: true, options: {sheet: '', year: 2012, mapping}},
});

describe('storage', () => {
  beforeEach(() => { globalThis.localStorage = fakeStorage(); });

  const cases = [
    {name: 'a small table keeps its bytes and its columns', bytes: new Uint8Array([120, 59, 121]), quota: Infinity, level: 'full', b64: true},
    {name: 'a table too big for the quota keeps its report and its columns', bytes: new Uint8Array(3000), quota: 3000, level: 'reports', b64: false},
  ];
  for (const c of cases) {
    it(c.name, () => {
      globalThis.localStorage = fakeStorage(c.quota);
      const res = storage.save({source: 'file', grid: null, file: tableFile(c.bytes), ref: {kind: 'none', file: null, authority: null}});
      assert.equal(res.ok, true);
      assert.equal(res.level, c.level);
      const back = storage.load();
      assert.deepEqual(back.file.table, {options: {sheet: '', year: 2012, mapping}, stored: true, proposal: null});
      assert.equal(Boolean(back.file.bytes), c.b64);
      if (c.b64) assert.deepEqual([...back.file.bytes], [...c.bytes]);
    });
  }
  it('a file that is not a table comes back without one', () => {
    storage.save({source: 'file', grid: null, file: {name: 'CA.xml', size: 3, bytes: new Uint8Array(3), report: null}, ref: null});
    assert.equal(storage.load().file.table, null);
  });
  it('a draft stored before the columns were kept reads as without them', () => {
    localStorage.setItem(storage.STORAGE_KEY, JSON.stringify({version: 1, source: 'file', file: {name: 'a.csv', size: 1, b64: 'eA=='}}));
    const back = storage.load();
    assert.equal(back.file.table, null);
    assert.deepEqual([...back.file.bytes], [120]);
  });
});
