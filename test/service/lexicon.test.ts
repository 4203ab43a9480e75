// The word list is searched in place, by halving its text; a Set of its lines is the oracle.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lexicon } from './fixtures';

const lines = readFileSync(path.join(__dirname, '../../dist/lexicon/words.txt'), 'utf8').split('\n').filter(Boolean);
const words = new Set(lines);

test('every word of the list is found, the first and the last too', () => {
  for (let i = 0; i < lines.length; i += 5) assert.ok(lexicon.isWord(lines[i]!), lines[i]);
  assert.ok(lexicon.isWord(lines[0]!));
  assert.ok(lexicon.isWord(lines[lines.length - 1]!));
});

test('a word is found exactly as the list has it, or in lower case, and nothing else is', () => {
  for (let i = 3; i < lines.length; i += 97) {
    for (const probe of [lines[i]! + 'q', lines[i]!.slice(0, -1), ` ${lines[i]}`, `${lines[i]}\n`]) {
      assert.equal(lexicon.isWord(probe), words.has(probe) || words.has(probe.toLowerCase()), JSON.stringify(probe));
    }
  }
  assert.equal(lexicon.isWord(''), false);
  assert.equal(lexicon.isWord('Bryumkin'), false);
});
