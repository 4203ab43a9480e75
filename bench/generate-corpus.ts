// Generates a large corpus for the scale benchmark: the sample sources copied over and over,
// each copy with some known names respelled the way garbling does, so that no two copies are
// alike and the garbled-name finder has work. Deterministic for a given size.
// Usage: npx tsx bench/generate-corpus.ts OUT_DIR MEGABYTES
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const [out, megabytes] = process.argv.slice(2);
if (!out || !megabytes) throw new Error('usage: generate-corpus.ts OUT_DIR MEGABYTES');
const SOURCES = path.resolve(__dirname, '../corpus/sources');
const sources = readdirSync(SOURCES)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f.replace(/\.txt$/, ''), text: readFileSync(path.join(SOURCES, f), 'utf8') }));

/** A small deterministic generator (mulberry32), so that sizes are comparable run to run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SWAPS: [RegExp, string][] = [
  [/l/, 'r'],
  [/r/, 'l'],
  [/b/, 'p'],
  [/v/, 'f'],
  [/o/, 'a'],
  [/e/, 'i'],
  [/([a-z])/, '$1$1'],
];

function perturb(text: string, rnd: () => number): string {
  return text.replace(/\b(Stalin|Trotsky|Zinoviev|Kamenev|Bukharin|Molotov|Yagoda|Yezhov|Blumkin|Pauker|Radek|Krivitsky|Bazhanov|Tomsky|Rykov)\b/g, (name) => {
    if (rnd() > 0.05) return name;
    const [re, to] = SWAPS[Math.floor(rnd() * SWAPS.length)]!;
    return name[0] + name.slice(1).replace(re, to);
  });
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const target = Number(megabytes) * 1e6;
const rnd = random(Number(megabytes) * 7919);
let written = 0;
for (let copy = 0; written < target; copy++) {
  for (const s of sources) {
    if (written >= target) break;
    const text = perturb(s.text, rnd).slice(0, target - written);
    writeFileSync(path.join(out, `${s.name}-${String(copy).padStart(4, '0')}.txt`), text);
    written += Buffer.byteLength(text);
  }
}
console.log(`${(written / 1e6).toFixed(1)} MB in ${out}`);
