// Draws images/icon.png (128×128): a cameo bust above an open book, on a burgundy tile.
// Plain geometry, 4×4 supersampled, written as a PNG with node:zlib. Run: node scripts/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const BG_TOP = hex('#8c2f39');
const BG_BOTTOM = hex('#5c1a24');
const GOLD = hex('#e0b85c');
const CREAM = hex('#f5ecd7');
const INK = hex('#8a7a5c');
const SHADE = hex('#d8c9a6');

function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
const ellipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
function polygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const LEFT_PAGE = [[12, 84], [62, 92], [62, 116], [12, 108]];
const RIGHT_PAGE = [[66, 92], [116, 84], [116, 108], [66, 116]];

/** The colour at a point, or null outside the tile. */
function colour(x, y) {
  if (!roundedRect(x, y, 0, 0, SIZE, SIZE, 22)) return null;
  const t = y / SIZE;
  let c = BG_TOP.map((v, i) => v + (BG_BOTTOM[i] - v) * t);
  // The cameo: a gold ring, a cream field, and a burgundy bust cut off by the ring.
  const inOval = ellipse(x, y, 64, 46, 30, 36);
  if (ellipse(x, y, 64, 46, 34, 40) && !inOval) c = GOLD;
  if (inOval) {
    c = CREAM;
    const head = ellipse(x, y, 64, 36, 12, 14);
    const neck = x > 58 && x < 70 && y > 44 && y < 58;
    const shoulders = ellipse(x, y, 64, 80, 26, 24);
    if (head || neck || shoulders) c = BG_BOTTOM;
  }
  // The open book, with lines of text on each page.
  for (const page of [LEFT_PAGE, RIGHT_PAGE]) {
    if (!polygon(x, y, page)) continue;
    c = CREAM;
    const left = page === LEFT_PAGE;
    const [x0, x1] = left ? [12, 62] : [66, 116];
    const u = (x - x0) / (x1 - x0); // 0..1 across the page
    const top = left ? 84 + 8 * u : 92 - 8 * u; // the page's upper edge at this x
    const row = y - top;
    if (u > 0.12 && u < 0.88 && row > 5 && row < 21 && row % 5 < 1.6) c = INK;
    if ((left && u > 0.9) || (!left && u < 0.1)) c = SHADE; // the gutter
  }
  return c;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colour(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a++;
      }
    }
    const o = 1 + px * 4;
    if (a) {
      row[o] = Math.round(r / a);
      row[o + 1] = Math.round(g / a);
      row[o + 2] = Math.round(b / a);
      row[o + 3] = Math.round((255 * a) / (SS * SS));
    }
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
