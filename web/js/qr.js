// A small QR code encoder (ISO/IEC 18004): byte mode (UTF-8), error
// correction level L or M, versions 1 to 10 (up to 271 bytes at L, 213 at
// M), drawn as SVG. Enough for the game's links and answer codes; nothing
// leaves the page.
//
// encode(text, {ecl, minVersion, mask}) → {version, size, ecl, mask, modules}
// where modules[y][x] is true for a dark module. toSVG(qr) draws it.

const MAX_VERSION = 10;

// Per version 1..10: codewords of error correction per block, and number of
// blocks (ISO/IEC 18004 table 9).
const EC_PER_BLOCK = {
  L: [7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
  M: [10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
};
const BLOCKS = {
  L: [1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
  M: [1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
};
// Format bits of the error correction levels.
const ECL_BITS = {L: 1, M: 0};
// Alignment pattern centres per version.
const ALIGN = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];

/** Modules available for data and error correction in a version. */
function rawModules(v) {
  let n = (16 * v + 128) * v + 64;
  if (v >= 2) {
    const a = Math.floor(v / 7) + 2;
    n -= (25 * a - 10) * a - 55;
    if (v >= 7) n -= 36;
  }
  return n;
}

/** Codewords of data (not error correction) in a version and level. */
export function dataCodewords(v, ecl) {
  return Math.floor(rawModules(v) / 8) - EC_PER_BLOCK[ecl][v - 1] * BLOCKS[ecl][v - 1];
}

/** The largest number of bytes a version holds in byte mode. */
export function capacity(v, ecl) {
  const header = 4 + (v <= 9 ? 8 : 16);
  return Math.floor((dataCodewords(v, ecl) * 8 - header) / 8);
}

// --- Reed-Solomon over GF(256), polynomial x^8 + x^4 + x^3 + x^2 + 1 ---

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
(() => {
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
})();

function mul(a, b) {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** Coefficients (highest degree first, leading 1 left out) of ∏ (x − α^i), i < degree. */
function generator(degree) {
  let g = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array(g.length + 1).fill(0);
    for (let j = 0; j < g.length; j++) {
      next[j] ^= g[j];
      next[j + 1] ^= mul(g[j], EXP[i]);
    }
    g = next;
  }
  return g.slice(1);
}

/** The error correction codewords of a block. */
export function reedSolomon(data, degree) {
  const gen = generator(degree);
  const rem = new Array(degree).fill(0);
  for (const b of data) {
    const factor = b ^ rem.shift();
    rem.push(0);
    for (let i = 0; i < degree; i++) rem[i] ^= mul(gen[i], factor);
  }
  return rem;
}

// --- Codewords ---

function utf8(text) {
  return Array.from(new TextEncoder().encode(String(text)));
}

function codewords(bytes, v, ecl) {
  const bits = [];
  const put = (val, len) => { for (let i = len - 1; i >= 0; i--) bits.push((val >>> i) & 1); };
  put(0b0100, 4); // byte mode
  put(bytes.length, v <= 9 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const capBits = dataCodewords(v, ecl) * 8;
  put(0, Math.min(4, capBits - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) {
    let b = 0;
    for (let j = 0; j < 8; j++) b = (b << 1) | bits[i + j];
    data.push(b);
  }
  for (let pad = 0xec; data.length < capBits / 8; pad ^= 0xec ^ 0x11) data.push(pad);

  // Split into blocks, add error correction, interleave.
  const nBlocks = BLOCKS[ecl][v - 1];
  const ecLen = EC_PER_BLOCK[ecl][v - 1];
  const total = Math.floor(rawModules(v) / 8);
  const shortLen = Math.floor(total / nBlocks) - ecLen; // data codewords of a short block
  const nShort = nBlocks - (total % nBlocks);
  const blocks = [];
  let k = 0;
  for (let i = 0; i < nBlocks; i++) {
    const len = shortLen + (i < nShort ? 0 : 1);
    const d = data.slice(k, k + len);
    k += len;
    blocks.push({d, ec: reedSolomon(d, ecLen)});
  }
  const out = [];
  for (let i = 0; i <= shortLen; i++) {
    for (const b of blocks) if (i < b.d.length) out.push(b.d[i]);
  }
  for (let i = 0; i < ecLen; i++) for (const b of blocks) out.push(b.ec[i]);
  return out;
}

// --- The matrix ---

function bchFormat(ecl, mask) {
  const data = (ECL_BITS[ecl] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

function bchVersion(v) {
  let rem = v;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (v << 12) | rem;
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x, y) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

class Matrix {
  constructor(v) {
    this.v = v;
    this.size = 17 + 4 * v;
    this.dark = Array.from({length: this.size}, () => new Array(this.size).fill(false));
    this.fixed = Array.from({length: this.size}, () => new Array(this.size).fill(false));
  }

  set(x, y, dark) {
    this.dark[y][x] = dark;
    this.fixed[y][x] = true;
  }

  functionPatterns() {
    const n = this.size;
    for (let i = 0; i < n; i++) { // timing
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [cx, cy] of [[3, 3], [n - 4, 3], [3, n - 4]]) { // finders and separators
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const x = cx + dx;
          const y = cy + dy;
          if (x < 0 || y < 0 || x >= n || y >= n) continue;
          const d = Math.max(Math.abs(dx), Math.abs(dy));
          this.set(x, y, d !== 2 && d !== 4);
        }
      }
    }
    const al = ALIGN[this.v - 1];
    for (const ay of al) {
      for (const ax of al) {
        if ((ax === 6 && ay === 6) || (ax === 6 && ay === n - 7) || (ax === n - 7 && ay === 6)) continue;
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) this.set(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
        }
      }
    }
    this.format('M', 0); // reserve the format areas (drawn again with the mask)
    if (this.v >= 7) {
      const bits = bchVersion(this.v);
      for (let i = 0; i < 18; i++) {
        const b = ((bits >>> i) & 1) === 1;
        const a = n - 11 + (i % 3);
        const c = Math.floor(i / 3);
        this.set(a, c, b);
        this.set(c, a, b);
      }
    }
  }

  format(ecl, mask) {
    const n = this.size;
    const bits = bchFormat(ecl, mask);
    const bit = (i) => ((bits >>> i) & 1) === 1;
    // Around the top-left finder.
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
    // Split between the two other finders.
    for (let i = 0; i < 8; i++) this.set(n - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) this.set(8, n - 15 + i, bit(i));
    this.set(8, n - 8, true); // the dark module
  }

  place(cw) {
    const n = this.size;
    let i = 0;
    const total = cw.length * 8;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vert = 0; vert < n; vert++) {
        for (let j = 0; j < 2; j++) {
          const x = right - j;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? n - 1 - vert : vert;
          if (this.fixed[y][x]) continue;
          if (i < total) this.dark[y][x] = ((cw[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
          i++; // remainder bits stay light
        }
      }
    }
  }

  applyMask(mask) {
    const f = MASKS[mask];
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) if (!this.fixed[y][x] && f(x, y)) this.dark[y][x] = !this.dark[y][x];
    }
  }

  /** The penalty score of ISO/IEC 18004 §7.8.3 (lower is better). */
  penalty() {
    const n = this.size;
    const m = this.dark;
    let score = 0;
    const lines = (get) => {
      for (let a = 0; a < n; a++) {
        let run = 1;
        for (let b = 1; b <= n; b++) {
          if (b < n && get(a, b) === get(a, b - 1)) { run++; continue; }
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
        // Finder-like 1:1:3:1:1 with four light modules on one side.
        for (let b = 0; b + 6 < n; b++) {
          if (get(a, b) && !get(a, b + 1) && get(a, b + 2) && get(a, b + 3) && get(a, b + 4) && !get(a, b + 5) && get(a, b + 6)) {
            const lightBefore = [1, 2, 3, 4].every((k) => b - k < 0 || !get(a, b - k));
            const lightAfter = [1, 2, 3, 4].every((k) => b + 6 + k >= n || !get(a, b + 6 + k));
            if (lightBefore) score += 40;
            if (lightAfter) score += 40;
          }
        }
      }
    };
    lines((a, b) => m[a][b]);
    lines((a, b) => m[b][a]);
    for (let y = 0; y + 1 < n; y++) {
      for (let x = 0; x + 1 < n; x++) {
        const c = m[y][x];
        if (c === m[y][x + 1] && c === m[y + 1][x] && c === m[y + 1][x + 1]) score += 3;
      }
    }
    let dark = 0;
    for (const row of m) for (const c of row) if (c) dark++;
    const total = n * n;
    const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
    score += Math.max(0, k) * 10;
    return score;
  }
}

/**
 * Encodes text (UTF-8, byte mode). opts.ecl: 'M' (default) or 'L' (used
 * automatically when the text does not fit at M); opts.minVersion;
 * opts.mask: 0..7 to force a mask (tests), otherwise the lowest penalty.
 * Throws an Error when the text is longer than version 10 holds.
 */
export function encode(text, opts = {}) {
  const bytes = utf8(text);
  const levels = opts.ecl === 'L' ? ['L'] : ['M', 'L'];
  for (const ecl of levels) {
    for (let v = Math.max(1, opts.minVersion || 1); v <= MAX_VERSION; v++) {
      if (bytes.length > capacity(v, ecl)) continue;
      const cw = codewords(bytes, v, ecl);
      const build = (mask) => {
        const mx = new Matrix(v);
        mx.functionPatterns();
        mx.place(cw);
        mx.applyMask(mask);
        mx.format(ecl, mask);
        return mx;
      };
      let best = null;
      let bestMask = 0;
      const masks = Number.isInteger(opts.mask) ? [opts.mask] : [0, 1, 2, 3, 4, 5, 6, 7];
      let bestScore = Infinity;
      for (const mask of masks) {
        const mx = build(mask);
        const sc = masks.length > 1 ? mx.penalty() : 0;
        if (sc < bestScore) { best = mx; bestScore = sc; bestMask = mask; }
      }
      return {version: v, size: best.size, ecl, mask: bestMask, modules: best.dark};
    }
  }
  throw new Error(`Texte trop long pour un QR code (${bytes.length} octets, ${capacity(MAX_VERSION, 'L')} au plus).`);
}

/** The format information read back from a matrix: {ecl, mask} or null (for tests). */
export function readFormat(modules) {
  let bits = 0;
  const m = (x, y) => (modules[y][x] ? 1 : 0);
  const seq = [];
  for (let i = 0; i <= 5; i++) seq.push(m(8, i));
  seq.push(m(8, 7), m(8, 8), m(7, 8));
  for (let i = 9; i < 15; i++) seq.push(m(14 - i, 8));
  for (let i = 14; i >= 0; i--) bits = (bits << 1) | seq[i];
  for (const ecl of ['L', 'M']) {
    for (let mask = 0; mask < 8; mask++) if (bchFormat(ecl, mask) === bits) return {ecl, mask};
  }
  return null;
}

/**
 * An SVG string of the code: one path of dark modules on a white square
 * with a quiet zone of 4 modules. opts.title: an accessible name.
 */
export function toSVGString(qr, {title = 'QR code', quiet = 4} = {}) {
  const n = qr.size + 2 * quiet;
  let d = '';
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) {
      if (!qr.modules[y][x]) continue;
      // Merge horizontal runs into one rectangle.
      let w = 1;
      while (x + w < qr.size && qr.modules[y][x + w]) w++;
      d += `M${x + quiet} ${y + quiet}h${w}v1h-${w}z`;
      x += w - 1;
    }
  }
  const esc = String(title).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" role="img" aria-label="${esc}">`
    + `<title>${esc}</title><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** An <svg> element of the code (for the page). */
export function toSVG(qr, opts = {}) {
  const doc = new DOMParser().parseFromString(toSVGString(qr, opts), 'image/svg+xml');
  const svg = document.importNode(doc.documentElement, true);
  svg.setAttribute('class', opts.className || 'qr');
  return svg;
}
