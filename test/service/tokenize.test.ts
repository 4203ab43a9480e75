// The tokenizer keeps words as columns and compares them in place; these tests hold the
// in-place answers to what cutting the word out of the text would give.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { foldKey, isAcronym } from '../../server/src/service/text/normalize';
import { hashKey, scanTokens, tokenize, Tokens } from '../../server/src/service/text/tokenize';
import { documentOf, params, runs } from '../reliability/arbitraries';

const words = (text: string) => tokenize(text).map((t) => t.text);

test('words, a healed line-end hyphen, a possessive, an initial, OCR digits and apostrophes', () => {
  assert.deepEqual(words("V. M. Molotov's Kame-\nnev and Sta1in met O'Brien; Kamenev-Zinoviev."), ['V.', 'M.', 'Molotov', 'Kamenev', 'and', 'Sta1in', 'met', "O'Brien", 'Kamenev', 'Zinoviev']);
  const healed = tokenize('Yakov Blum-\n  kin');
  assert.deepEqual(healed.map((t) => [t.text, t.start, t.end]), [
    ['Yakov', 0, 5],
    ['Blumkin', 6, 17],
  ]);
});

test('letters beyond ASCII and beyond the first plane, and marks inside a word', () => {
  assert.deepEqual(words('Сталин и Ежов; Bérard, Thälmann; 𝐀bc x\u0301y'), ['Сталин', 'и', 'Ежов', 'Bérard', 'Thälmann', '𝐀bc', 'x\u0301y']);
  const t = tokenize('Ежов said. Ёж');
  assert.deepEqual(t.map((x) => [x.capitalized, x.sentenceInitial]), [
    [true, true],
    [false, false],
    [true, true],
  ]);
});

test('a sentence start is marked after a period, but not after an initial', () => {
  const t = tokenize('He met Stalin. Then V. Molotov came.');
  const initial = (w: string) => t.find((x) => x.text === w)!.sentenceInitial;
  assert.equal(initial('Stalin'), false);
  assert.equal(initial('Then'), true);
  assert.equal(initial('Molotov'), false);
});

test('a stretch of a text is read as if nothing stood around it, offsets those of the text', () => {
  const text = 'Kame-\nnev.\n\nBlum-\nkin said';
  const whole = tokenize(text);
  // From the start of "Blum": the stretch has no sentence before it.
  const from = text.indexOf('Blum');
  const part = scanTokens(text, new Tokens(), from, text.length);
  assert.deepEqual(
    Array.from({ length: part.count }, (_, i) => part.token(i)),
    whole.filter((t) => t.start >= from).map((t) => ({ ...t, sentenceInitial: t.start === from || t.sentenceInitial })),
  );
  // Up to the hyphen only: the word is not healed across the end of the stretch.
  const upTo = scanTokens(text, new Tokens(), 0, 5);
  assert.deepEqual([upTo.count, upTo.text(0)], [1, 'Kame']);
});

test(`random texts: in-place hashes and comparisons agree with the words cut out [${runs(300)} cases]`, () => {
  const reused = new Tokens(4);
  fc.assert(
    fc.property(documentOf(40), fc.nat(), fc.nat(), (text, a, b) => {
      const from = text.length ? a % text.length : 0;
      const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
      const part = scanTokens(text, reused, from, to);
      const alone = tokenize(text.slice(from, to));
      assert.equal(part.count, alone.length);
      for (let i = 0; i < part.count; i++) {
        const t = part.token(i);
        assert.deepEqual({ ...t, start: t.start - from, end: t.end - from }, alone[i], 'a stretch reads as the same text cut out');
        const key = foldKey(t.text);
        assert.equal(part.hash[i], hashKey(key));
        assert.equal(part.key(i), key);
        assert.ok(part.keyIs(i, key));
        assert.equal(part.keyIs(i, `${key}x`), false);
        assert.ok(part.textEquals(i, t.text));
        assert.equal(part.textEquals(i, t.text.toUpperCase()), t.text === t.text.toUpperCase());
        assert.equal(part.isAcronym(i), isAcronym(t.text));
      }
    }),
    params(runs(300)),
  );
});
