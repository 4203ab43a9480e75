// Tests for the TextMate grammar syntaxes/annalist.tmLanguage.json (scope `text.annalist`).
// Run: node --import tsx --test test/grammar.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { IGrammar, IOnigLib, IRawGrammar, StateStack } from 'vscode-textmate';

// The repository root (works whether this file runs as CommonJS or as an ES module).
const ROOT: string = typeof __dirname === 'string' ? path.resolve(__dirname, '..') : process.cwd();
// vscode-textmate and vscode-oniguruma are CommonJS bundles: load them with require() so that
// their exports are found in both module systems.
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const vsctm = requireFromRoot('vscode-textmate') as typeof import('vscode-textmate');
const oniguruma = requireFromRoot('vscode-oniguruma') as typeof import('vscode-oniguruma');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'annalist.tmLanguage.json');
const CORPUS_DIR = path.join(ROOT, 'corpus', 'sources');
const SCOPE_NAME = 'text.annalist';

// Scope names used by the grammar.
const PAGE_MARKER = 'comment.line.page-marker.annalist';
const INLINE_PAGE_MARKER = 'comment.block.page-marker.annalist';
const PAGE_NUMBER_IN_MARKER = 'meta.page-number.annalist';
const NOTE_REFERENCE = 'constant.other.note-reference.annalist';
const NOTE_DEFINITION = 'constant.other.note-definition.annalist';
const INDEX_PAGE_NUMBER = 'constant.numeric.page-number.annalist';
const EDITORIAL_COMMENT = 'comment.block.editorial.annalist';
const YEAR = 'constant.numeric.year.annalist';
const DATE = 'constant.numeric.date.annalist';
const QUOTE_STRAIGHT = 'string.quoted.double.annalist';
const QUOTE_CURLY = 'string.quoted.double.typographic.annalist';
const HEADING_CHAPTER = 'markup.heading.chapter.annalist';
const HEADING_SECTION = 'markup.heading.section.annalist';
const HEADING_TITLE = 'markup.heading.title.annalist';
const ITALIC = 'markup.italic.annalist';

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

interface TokenizedLine {
  readonly line: string;
  readonly tokens: readonly Token[];
}

let grammarPromise: Promise<IGrammar> | undefined;

function loadGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async (): Promise<IGrammar> => {
    const wasmPath = path.join(path.dirname(requireFromRoot.resolve('vscode-oniguruma')), 'onig.wasm');
    const wasm = fs.readFileSync(wasmPath);
    await oniguruma.loadWASM({ data: wasm });
    const onigLib: IOnigLib = {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve(onigLib),
      loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> => {
        if (scopeName !== SCOPE_NAME) return null;
        return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      },
    });
    const grammar = await registry.loadGrammar(SCOPE_NAME);
    if (grammar === null) throw new Error(`grammar ${SCOPE_NAME} could not be loaded`);
    return grammar;
  })();
  return grammarPromise;
}

/**
 * Tokenizes consecutive lines (state carried from line to line, as in an editor).
 * Unless `atFileStart` is set, the lines are tokenized as if they followed an empty first line
 * of the file, so that the first-line title rule does not apply to them.
 */
async function tokenizeLines(lines: readonly string[], atFileStart = false): Promise<TokenizedLine[]> {
  const grammar = await loadGrammar();
  let state: StateStack = vsctm.INITIAL;
  if (!atFileStart) state = grammar.tokenizeLine('', state).ruleStack;
  const result: TokenizedLine[] = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    result.push({
      line,
      tokens: r.tokens.map((t) => ({
        text: line.slice(t.startIndex, t.endIndex),
        start: t.startIndex,
        end: Math.min(t.endIndex, line.length),
        scopes: t.scopes,
      })),
    });
  }
  return result;
}

async function tokenizeLine(line: string): Promise<TokenizedLine> {
  const [first] = await tokenizeLines([line]);
  assert.ok(first);
  return first;
}

function hasScope(scopes: readonly string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

/** The tokens that overlap the `occurrence`-th occurrence of `fragment` in the line. */
function tokensOf(tl: TokenizedLine, fragment: string, occurrence = 0): Token[] {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = tl.line.indexOf(fragment, at + 1);
    assert.notEqual(at, -1, `"${fragment}" (occurrence ${occurrence}) not found in ${JSON.stringify(tl.line)}`);
  }
  const end = at + fragment.length;
  return tl.tokens.filter((t) => t.end > at && t.start < end);
}

function describe(tokens: readonly Token[]): string {
  return tokens.map((t) => `${JSON.stringify(t.text)} [${t.scopes.join(' ')}]`).join(', ');
}

/** Every character of `fragment` carries `scope`, and the scope does not spill over its edges. */
function assertScope(tl: TokenizedLine, fragment: string, scope: string, occurrence = 0): void {
  const tokens = tokensOf(tl, fragment, occurrence);
  assert.ok(tokens.length > 0);
  assert.ok(
    tokens.every((t) => hasScope(t.scopes, scope)),
    `expected "${fragment}" to have scope ${scope}; got ${describe(tokens)}`,
  );
}

/** The scope covers exactly `fragment`: not the character before it nor the one after it. */
function assertExactScope(tl: TokenizedLine, fragment: string, scope: string, occurrence = 0): void {
  assertScope(tl, fragment, scope, occurrence);
  const tokens = tokensOf(tl, fragment, occurrence);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  assert.ok(first && last);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = tl.line.indexOf(fragment, at + 1);
  assert.equal(first.start, at, `scope ${scope} starts before "${fragment}": ${describe(tokens)}`);
  assert.equal(last.end, at + fragment.length, `scope ${scope} runs past "${fragment}": ${describe(tokens)}`);
}

function assertNotScope(tl: TokenizedLine, fragment: string, scope: string, occurrence = 0): void {
  const tokens = tokensOf(tl, fragment, occurrence);
  assert.ok(
    tokens.every((t) => !hasScope(t.scopes, scope)),
    `expected "${fragment}" not to have scope ${scope}; got ${describe(tokens)}`,
  );
}

/** Only the root scope: no special highlighting at all. */
function assertPlain(tl: TokenizedLine, fragment: string, occurrence = 0): void {
  const tokens = tokensOf(tl, fragment, occurrence);
  assert.ok(
    tokens.every((t) => t.scopes.length === 1 && t.scopes[0] === SCOPE_NAME),
    `expected "${fragment}" to be plain text; got ${describe(tokens)}`,
  );
}

function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(CORPUS_DIR, f));
}

test('grammar file declares the scope and language name', () => {
  const raw: unknown = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
  assert.ok(typeof raw === 'object' && raw !== null);
  const g = raw as { scopeName?: unknown; name?: unknown; patterns?: unknown };
  assert.equal(g.scopeName, SCOPE_NAME);
  assert.equal(g.name, 'Annalist text');
  assert.ok(Array.isArray(g.patterns) && g.patterns.length > 0);
});

test('page markers: "Page 278" and roman "Page xii" lines', async () => {
  for (const line of ['Page 278', 'Page xii', 'Page i', 'Page 1', 'Page xviii']) {
    const tl = await tokenizeLine(line);
    assertExactScope(tl, line, PAGE_MARKER);
    assertExactScope(tl, line.slice('Page '.length), PAGE_NUMBER_IN_MARKER);
    assertNotScope(tl, line, YEAR);
  }
  // Not a page marker when other text follows, or inside a sentence.
  const sentence = await tokenizeLine('Page 278 describes the arrest of Bukharin.');
  assertNotScope(sentence, 'Page 278', PAGE_MARKER);
  const inText = await tokenizeLine("His late awakening appears in Trotsky's notes for *Stalin*, page 418.");
  assertNotScope(inText, 'page 418', PAGE_MARKER);
});

test('page markers: Myers inline {p. 183} markers', async () => {
  const tl = await tokenizeLine('{p. 217} had been taken, and his wife was rounded up as a precautionary measure.');
  assertExactScope(tl, '{p. 217}', INLINE_PAGE_MARKER);
  assertExactScope(tl, '217', PAGE_NUMBER_IN_MARKER);
  assertNotScope(tl, '{p. 217}', EDITORIAL_COMMENT);
  assertPlain(tl, 'had been taken, and his wife');
  const roman = await tokenizeLine('{p. xvi} mon criminals. Pictures flashed through my mind');
  assertExactScope(roman, '{p. xvi}', INLINE_PAGE_MARKER);
});

test('note references: superscript digits glued to words or opening a line', async () => {
  const glued = await tokenizeLine(
    'Prior to that he spent some time in Zhmerinka⁷ and Vinnitsa where, as Stalin watched, he tried to assassinate him.⁴ But',
  );
  assertExactScope(glued, '⁷', NOTE_REFERENCE);
  assertExactScope(glued, '⁴', NOTE_REFERENCE);
  assertPlain(glued, 'Zhmerinka');
  assertPlain(glued, ' and Vinnitsa');

  const twoDigits = await tokenizeLine('Lev Borisovich Kameney,⁹ who floated in more, and Bieloborodov,¹⁰ Serebriakov');
  assertExactScope(twoDigits, '¹⁰', NOTE_REFERENCE);

  const lineStart = await tokenizeLine('¹ At the time of the February 1917 Revolution, I was a senior in high school.');
  assertExactScope(lineStart, '¹', NOTE_REFERENCE);
  assertExactScope(lineStart, 'February 1917', DATE);
});

test('note references: plain note numbers glued to words, and detached on their own line', async () => {
  const myers = await tokenizeLine('the commissioner from Moscow had argued with him.5 and had finally convinced him');
  assertExactScope(myers, '5', NOTE_REFERENCE);
  assertPlain(myers, 'him.');

  const plain = await tokenizeLine('the district Cheka7 was then organized');
  assertExactScope(plain, '7', NOTE_REFERENCE);

  // Bazhanov: the superscript was lost and the note number ended up alone on a line.
  const detached = await tokenizeLine('5');
  assertExactScope(detached, '5', NOTE_REFERENCE);

  // Not note references: numbers standing free in the text, ISBN fields, catalogue numbers.
  const counts = await tokenizeLine('Of their number about 20 were killed and 3 wounded.');
  assertNotScope(counts, '20', NOTE_REFERENCE);
  assertNotScope(counts, '3', NOTE_REFERENCE);
  const isbn = await tokenizeLine('ebook isbn13 9780585076706');
  assertNotScope(isbn, 'isbn13', NOTE_REFERENCE);
});

test('note references: index "250 n13" style references', async () => {
  const tl = await tokenizeLine('Cavalry, Soviet, studs, funding theft, 42-43, 250 n14');
  assertExactScope(tl, 'n14', NOTE_REFERENCE);
  assertExactScope(tl, '250', INDEX_PAGE_NUMBER);
  assertNotScope(tl, '42-43', NOTE_REFERENCE);

  const several = await tokenizeLine('Bessedovsky, Grigory Z., Soviet defector, viii, 204-07, 238 n2 and n5, 269 n4');
  assertExactScope(several, 'n2', NOTE_REFERENCE);
  assertExactScope(several, 'n5', NOTE_REFERENCE);
  assertExactScope(several, 'n4', NOTE_REFERENCE);
  assertExactScope(several, '269', INDEX_PAGE_NUMBER);

  const comma = await tokenizeLine('Alliluyeva, Nadezhda Sergeevna ("Nadia," Stalin\'s second wife), 36, 110-12, 249, n4');
  assertExactScope(comma, 'n4', NOTE_REFERENCE);

  const wrapped = await tokenizeLine('n32');
  assertExactScope(wrapped, 'n32', NOTE_REFERENCE);
});

test('note definitions inside the Notes section', async () => {
  const lines = [
    'Notes',
    '',
    'Chapter One',
    '',
    "1. Mogilev-Podolsky (48°.27'N, 27°.48'E) is about two hundred miles southwest of Kiev.",
    '',
    '12. Lemberg appears again in Bazhanov\'s chapter 15, as a "traitor . . . on Yagoda\'s side."',
    '',
    'Bibliography',
    '',
    '1. Not a note: the Notes section has ended.',
  ];
  const tls = await tokenizeLines(lines);
  const [notes, , chapter, , note1, , note12, , bibliography, , after] = tls;
  assert.ok(notes && chapter && note1 && note12 && bibliography && after);
  assertExactScope(notes, 'Notes', HEADING_SECTION);
  assertExactScope(chapter, 'Chapter One', HEADING_CHAPTER);
  assertExactScope(note1, '1', NOTE_DEFINITION);
  assertExactScope(note12, '12', NOTE_DEFINITION);
  assertScope(note12, '"traitor . . . on Yagoda\'s side."', QUOTE_STRAIGHT);
  assertNotScope(note12, '15', NOTE_DEFINITION);
  assertExactScope(bibliography, 'Bibliography', HEADING_SECTION);
  assertNotScope(after, '1', NOTE_DEFINITION);
});

test("editor's comments in curly braces", async () => {
  const tl = await tokenizeLine('My comments are shown {thus}; write to me at contact.html.');
  assertExactScope(tl, '{thus}', EDITORIAL_COMMENT);
  assertPlain(tl, '; write to me at contact.html.');

  const long = await tokenizeLine(
    'the {the triumvirate which succeeded Lenin: Kamenev, Zinoviev and Stalin} decided in 1923',
  );
  assertExactScope(long, '{the triumvirate which succeeded Lenin: Kamenev, Zinoviev and Stalin}', EDITORIAL_COMMENT);
  assertNotScope(long, 'decided in', EDITORIAL_COMMENT);

  // An unclosed brace stops at the end of its line.
  const tls = await tokenizeLines(['an {unclosed comment', 'Stalin watched Bazhanov.']);
  const [open, next] = tls;
  assert.ok(open && next);
  assertScope(open, '{unclosed comment', EDITORIAL_COMMENT);
  assertPlain(next, 'Stalin watched Bazhanov.');
});

test('years and decades', async () => {
  const tl = await tokenizeLine(
    'Stalin, Joseph,--1879-1953, Soviet Union--Politics and government--1917-1936, in the 1920s and the 1930s.',
  );
  for (const y of ['1879', '1953', '1917', '1936', '1920s', '1930s']) assertExactScope(tl, y, YEAR);
  assertPlain(tl, 'Stalin, Joseph,--');

  const notYears = await tokenizeLine('ISBN 0-8214-0948-4 DK268.S8B3213 947.084 about 40,000 words and 1990eb 12345');
  for (const n of ['0948', '8214', '3213', '947.084', '40,000', '1990eb', '12345']) assertNotScope(notYears, n, YEAR);
});

test('dates', async () => {
  const orlov = await tokenizeLine('Until July 12, 1938, I was a member of the Communist Party of the Soviet Union.');
  assertExactScope(orlov, 'July 12, 1938', DATE);
  assertPlain(orlov, 'Until ');
  assertPlain(orlov, ', I was a member');

  const dayFirst = await tokenizeLine('Boris Georgievich Bazhanov escaped from the USSR on 1 January 1928. On 3 April 1922 Stalin');
  assertExactScope(dayFirst, '1 January 1928', DATE);
  assertExactScope(dayFirst, '3 April 1922', DATE);

  const monthYear = await tokenizeLine('In December 1925 the Fourteenth Congress met; by March 1918 it was over.');
  assertExactScope(monthYear, 'December 1925', DATE);
  assertExactScope(monthYear, 'March 1918', DATE);

  const noSpace = await tokenizeLine('THE evening of May 22,1937, I boarded a train in Moscow');
  assertExactScope(noSpace, 'May 22,1937', DATE);

  const other = await tokenizeLine('Date August 17, 2019; born 28th June, 1899; released on 12 July 1938 and Sept. 3.');
  assertExactScope(other, 'August 17, 2019', DATE);
  assertExactScope(other, '28th June, 1899', DATE);
  assertExactScope(other, '12 July 1938', DATE);
  assertExactScope(other, 'Sept. 3', DATE);

  // A month name alone is an ordinary word ("May" is also a verb).
  const may = await tokenizeLine('They may come in March or May, he said.');
  assertPlain(may, 'may come in March or May');
});

test('quotations in straight and curly double quotes', async () => {
  const straight = await tokenizeLine(
    'the principal value of Bazhanov\'s work is in the "feel" that he gives the reader; the "spicy dish" (Lenin\'s words)',
  );
  assertExactScope(straight, '"feel"', QUOTE_STRAIGHT);
  assertExactScope(straight, '"spicy dish"', QUOTE_STRAIGHT);
  assertPlain(straight, ' that he gives the reader; the ');
  assertPlain(straight, " (Lenin's words)");

  const curly = await tokenizeLine(
    '“We will show them to whom this lake belongs.” The “father of the people” said gloatingly.',
  );
  assertExactScope(curly, '“We will show them to whom this lake belongs.”', QUOTE_CURLY);
  assertExactScope(curly, '“father of the people”', QUOTE_CURLY);
  assertPlain(curly, ' The ');
  assertPlain(curly, ' said gloatingly.');

  // Years, dates and notes inside a quotation keep their own scope too.
  const nested = await tokenizeLine('"I was appointed on 9 August 1923 and left in 1925."');
  assertScope(nested, '9 August 1923', DATE);
  assertScope(nested, '9 August 1923', QUOTE_STRAIGHT);
  assertScope(nested, '1925', YEAR);
});

test('an unclosed quotation ends at the end of its line', async () => {
  const lines = [
    'In 1923 the name of the Secret Police was changed from Cheka to OGPU, from the Russian initials of "United Governmental Po-',
    '',
    'Stalin watched Bazhanov and his activities very carefully.',
    'The Hungarian said: “How is it going with Pauker',
    'and then nothing more was heard of him.',
  ];
  const [first, blank, plain, curly, after] = await tokenizeLines(lines);
  assert.ok(first && blank && plain && curly && after);
  assertScope(first, '"United Governmental Po-', QUOTE_STRAIGHT);
  assertPlain(first, 'the name of the Secret Police');
  assertPlain(plain, plain.line);
  assertScope(curly, '“How is it going with Pauker', QUOTE_CURLY);
  assertPlain(after, after.line);
});

test('headings: chapter lines', async () => {
  for (const line of ['Chapter 5', 'CHAPTER V', 'Chapter One', 'Chapter Twenty-One', 'Part II: The Purges', 'Chapter 12. The Trial']) {
    const tl = await tokenizeLine(line);
    assertExactScope(tl, line, HEADING_CHAPTER);
  }
  // A sentence that happens to begin with "Chapter" is not a heading.
  const sentence = await tokenizeLine('chapter 3 of his book describes the telephone tap.');
  assertNotScope(sentence, 'chapter 3', HEADING_CHAPTER);
});

test('headings: Bazhanov numbered chapters ("1." then the title line)', async () => {
  const lines = [
    'Page 1',
    '',
    '1.',
    '',
    'Entering the Party',
    '',
    'School. University. Shooting of the demonstrators. Entry into the Party.',
    '',
    'I was born in 1900 in the village of Mogilev-Podolsky, in the Ukraine.',
  ];
  const [page, , number, , title, , summary, , body] = await tokenizeLines(lines);
  assert.ok(page && number && title && summary && body);
  assertExactScope(page, 'Page 1', PAGE_MARKER);
  assertScope(number, '1.', HEADING_CHAPTER);
  assertExactScope(title, 'Entering the Party', HEADING_CHAPTER);
  assertPlain(summary, summary.line);
  assertScope(body, '1900', YEAR);
  assertPlain(body, 'I was born in ');
});

test('headings: section names, Myers headings, all-caps lines and first-line titles', async () => {
  for (const line of ["Translator's Introduction", 'Preface', 'Contents', 'Conclusion', 'Postscript to French Edition', 'Bibliography', 'Index']) {
    const tl = await tokenizeLine(line);
    assertExactScope(tl, line, HEADING_SECTION);
  }

  const myers = await tokenizeLine("(4) In Stalin's Secret Service - Memoirs of the First Soviet Master Spy to Defect");
  assertExactScope(myers, myers.line, HEADING_SECTION);

  const caps = await tokenizeLine('THE GREAT PURGE');
  assertExactScope(caps, 'THE GREAT PURGE', HEADING_SECTION);
  const notCaps = await tokenizeLine('THE evening of the arrest, I boarded a train');
  assertNotScope(notCaps, 'THE', HEADING_SECTION);

  const foreword = await tokenizeLine('{p. ix} FOREWORD');
  assertExactScope(foreword, '{p. ix}', INLINE_PAGE_MARKER);
  assertExactScope(foreword, 'FOREWORD', HEADING_CHAPTER);
  const roman = await tokenizeLine('{p. 183} VII');
  assertExactScope(roman, 'VII', HEADING_CHAPTER);
  const arabic = await tokenizeLine('{p. 211} 11');
  assertExactScope(arabic, '{p. 211}', INLINE_PAGE_MARKER);
  assertExactScope(arabic, '11', HEADING_CHAPTER, 1);
  assertNotScope(arabic, '11', NOTE_REFERENCE, 1);

  // The first line of a file is its title when it is short and not a sentence.
  const [title, , body] = await tokenizeLines(
    ['The Secret History of Stalin’s Purges (1)', '', 'The Secret History of Stalin’s Purges (1)'],
    true,
  );
  assert.ok(title && body);
  assertExactScope(title, title.line, HEADING_TITLE);
  assertNotScope(body, body.line, HEADING_TITLE);

  const [myersTitle] = await tokenizeLines(
    [
      "Walter Krivitsky, Soviet defector, describes Stalin's Purges; Whittaker Chambers informs on Communist espionage in the USA",
    ],
    true,
  );
  assert.ok(myersTitle);
  assertExactScope(myersTitle, myersTitle.line, HEADING_TITLE);

  // A first line that reads as prose is not a title.
  for (const prose of [
    'I do not belong to any party, nor am I writing this book to achieve goals.',
    'In 1929, shortly after Radek’s return to Moscow. He was met by Stalin',
  ]) {
    const [sentence] = await tokenizeLines([prose], true);
    assert.ok(sentence);
    assertNotScope(sentence, sentence.line, HEADING_TITLE);
  }
});

test('book titles in asterisks are italic', async () => {
  const tl = await tokenizeLine('In 1930 Les Editions de France published *Avec Staline dans le Kremlin*. Then 5 * 3 = 15.');
  assertExactScope(tl, '*Avec Staline dans le Kremlin*', ITALIC);
  assertNotScope(tl, '5 * 3', ITALIC);
});

test('ordinary words get no special scope', async () => {
  const lines = [
    'Bazhanov had been Stalin\'s assistant, and concurrently secretary to the Politburo.',
    'Radek immediately realized that fate had provided him with a once-in-a-lifetime opportunity to demonstrate his loyalty.',
    "He himself joined the Cheka soon after the Bolshevik Revolution, so he participated in its crimes against the Russian people: executions, destruction of churches, and other atrocities.",
    'Ohio University Press, Athens',
  ];
  for (const tl of await tokenizeLines(lines)) assertPlain(tl, tl.line);
});

test('a long line with many constructs stays on one line and tokenizes correctly', async () => {
  const sentence =
    'On 9 August 1923 Bazhanov¹ met "Stalin" and “Molotov” {aside} in 1925, 250 n13, while Trotsky said nothing. ';
  const long = sentence.repeat(20) + 'He left with an unclosed "quote that runs on and on ' + 'and on '.repeat(200);
  assert.ok(long.length > 1700);
  const [tl, next] = await tokenizeLines([long, 'Stalin watched Bazhanov.']);
  assert.ok(tl && next);
  for (let i = 0; i < 20; i++) {
    assertExactScope(tl, '9 August 1923', DATE, i);
    assertExactScope(tl, '¹', NOTE_REFERENCE, i);
    assertExactScope(tl, '"Stalin"', QUOTE_STRAIGHT, i);
    assertExactScope(tl, '“Molotov”', QUOTE_CURLY, i);
    assertExactScope(tl, '{aside}', EDITORIAL_COMMENT, i);
    assertExactScope(tl, '1925', YEAR, i);
    assertExactScope(tl, 'n13', NOTE_REFERENCE, i);
  }
  assertScope(tl, '"quote that runs on and on', QUOTE_STRAIGHT);
  assertPlain(next, next.line);
});

test('pathological lines do not hang the tokenizer', async () => {
  const grammar = await loadGrammar();
  const lines = [
    '*'.repeat(5000),
    '"'.repeat(5000),
    '{'.repeat(5000),
    '1'.repeat(5000),
    'Chapter ' + 'I'.repeat(5000),
    'ABC '.repeat(1500) + 'x',
    '(1) ' + 'a'.repeat(5000),
    'May 12 '.repeat(800),
    'a1 '.repeat(1500),
    ' '.repeat(5000) + 'x',
  ];
  let state: StateStack = vsctm.INITIAL;
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, state);
    assert.equal(r.stoppedEarly, false);
    state = r.ruleStack;
  }
});

for (const file of corpusFiles()) {
  test(`tokenizes the whole corpus file ${path.basename(file)}`, async () => {
    const grammar = await loadGrammar();
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    let state: StateStack = vsctm.INITIAL;
    let tokenCount = 0;
    for (const line of lines) {
      const r = grammar.tokenizeLine(line, state);
      assert.equal(r.stoppedEarly, false);
      tokenCount += r.tokens.length;
      state = r.ruleStack;
    }
    assert.ok(tokenCount >= lines.length);
  });
}

test('corpus files get the expected constructs', async () => {
  const scopesIn = async (name: string): Promise<Set<string>> => {
    const lines = fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8').split(/\r?\n/);
    const found = new Set<string>();
    for (const tl of await tokenizeLines(lines, true)) for (const t of tl.tokens) for (const s of t.scopes) found.add(s);
    return found;
  };
  const files = new Set(fs.readdirSync(CORPUS_DIR));
  if (files.has('bazhanov-damnation-of-stalin.txt')) {
    const s = await scopesIn('bazhanov-damnation-of-stalin.txt');
    for (const scope of [PAGE_MARKER, NOTE_REFERENCE, NOTE_DEFINITION, INDEX_PAGE_NUMBER, YEAR, DATE, QUOTE_STRAIGHT, HEADING_CHAPTER, HEADING_SECTION, ITALIC]) {
      assert.ok(s.has(scope), `bazhanov: missing ${scope}`);
    }
  }
  if (files.has('myers-krivitsky-chambers.txt')) {
    const s = await scopesIn('myers-krivitsky-chambers.txt');
    for (const scope of [INLINE_PAGE_MARKER, EDITORIAL_COMMENT, YEAR, DATE, QUOTE_STRAIGHT, HEADING_TITLE, HEADING_SECTION, HEADING_CHAPTER]) {
      assert.ok(s.has(scope), `myers: missing ${scope}`);
    }
  }
  if (files.has('orlov-secret-history-001.txt')) {
    const s = await scopesIn('orlov-secret-history-001.txt');
    for (const scope of [HEADING_TITLE, DATE, YEAR, QUOTE_CURLY]) assert.ok(s.has(scope), `orlov: missing ${scope}`);
  }
});
