// Finds words that are no known form of any entity but most likely a garbled spelling of one.
// What a spelling could be is worked out once per spelling (prejudge, remembered); whether the
// document supports a reading is weighed for each place (judge): how close the sounds are, and
// whether the document names the same entity in the same form nearby, and how often.
import type { KnowledgeBase } from '../kb/knowledgeBase';
import { CONTEXT_WINDOW, findMentions, type Mention } from '../recognition/mentions';
import { foldKey } from '../text/normalize';
import type { Tokens } from '../text/tokenize';
import { findCandidates, writtenAt, type Candidate, type Keep, type Place, type Shape } from './candidates';
import { documentContext, distanceToEntity, formNumber, garbleNear, inDocument, localSupport, withGarbledSupport, type DocumentContext } from './documentContext';
import { accept, addedConsonants, score, unusualEdits, type Evidence } from './evidence';
import type { Lexicon } from './lexicon';
import { explainEdits, spell } from './sounds';
import { targetsFor, type Nearest, type VariantTargets } from './targets';
import { sameRomanization, visibleCorruptions } from './transliteration';

/** Tells whether the user said this spelling does not mean this entity (in this document). */
export type Dismissed = (written: string, entityId: string) => boolean;

export interface GarbleOptions {
  lexicon: Lexicon;
  dismissed: Dismissed;
  /** Sees every reading weighed, accepted or not (for the evaluation). */
  observe?: (written: string, entityId: string, evidence: Evidence) => void;
}

/** Short words a name runs into when a space is lost ("Kamenevand", "Stalinit"). */
const FUNCTION_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'be', 'but', 'by', 'for', 'from', 'had', 'has', 'he', 'her', 'his', 'in', 'is', 'it', 'its', 'of', 'on', 'or', 'said', 'that', 'the', 'to', 'was', 'were', 'who', 'with']);

/** Endings that make a new word from a name, not a misspelling of it (Stalinist, Bukharina). */
const DERIVATIONS = ['a', 'ova', 'eva', 'ina', 'aya', 'ist', 'ists', 'ism', 'isms', 'ite', 'ites', 'ian', 'ians', 'ization', 'grad', 'sk', 'shchina', 'ovshchina', 'ich', 'ovich', 'evich', 'ovna', 'evna', 'na', 's', 'es', 'ic', 'ka'];

const SHAPE_REASON: Record<Shape, string | undefined> = {
  word: undefined,
  hyphen: 'split by a hyphen',
  'two-words': 'split into two words',
  ocr: 'an OCR digit for a letter',
};

/** Everything about a spelling that does not depend on the document it is in. */
interface Prejudged {
  /** Read apart or with the letter restored, it names someone outright (or one of namesakes). */
  apart?: { entityIds: string[]; replacement: string; reason: string };
  readings: Nearest[];
  joined: string;
  common: boolean;
  wordLength: number;
}

/** Readings of one spelling, per knowledge base and lexicon, so a book's repeated words cost once. */
type Memo = Record<Shape, Map<string, Prejudged | null>> & {
  /** Whether a spelling has any reading, by the hashes of its words (see garbleSieve). */
  sieve: Map<number, Sieved[]>;
};

/** A reading's words as written, and whether any document could read them as a garbled name. */
interface Sieved {
  shape: Shape;
  apart: boolean;
  first: string;
  second: string | undefined;
  passes: boolean;
}

const memos = new WeakMap<VariantTargets, WeakMap<Lexicon, Memo>>();
const MEMO_LIMIT = 100_000;

function memoFor(targets: VariantTargets, lexicon: Lexicon): Memo {
  let byLexicon = memos.get(targets);
  if (!byLexicon) memos.set(targets, (byLexicon = new WeakMap()));
  let memo = byLexicon.get(lexicon);
  if (!memo) byLexicon.set(lexicon, (memo = { word: new Map(), hyphen: new Map(), 'two-words': new Map(), ocr: new Map(), sieve: new Map() }));
  return memo;
}

/** Finds the garbled names among candidates, given the document's resolved mentions. */
export function judgeCandidates(text: string, candidates: Candidate[][], mentions: Mention[], kb: KnowledgeBase, options: GarbleOptions): Mention[] {
  return readGarbles(documentContext(text, mentions, candidates, kb, options), candidates).final.filter((m): m is Mention => !!m);
}

/** Both passes' findings, one place per candidate, kept so that the next version can be read near its edit only. */
export interface GarbleReading {
  ctx: DocumentContext;
  first: (Mention | undefined)[];
  final: (Mention | undefined)[];
}

export function readGarbles(ctx: DocumentContext, candidates: Candidate[][]): GarbleReading {
  const first = judgeRange(ctx, candidates, 0, candidates.length);
  if (!first.some((m) => m)) return { ctx, first, final: first };
  // A name garbled one way is support for the same name garbled another way nearby: a chapter
  // that writes "Shpigelklas" and "Shpigelgras" makes "Shpiglas" far likelier to be him.
  const final = judgeRange(withGarbledSupport(ctx, first), candidates, 0, candidates.length, first);
  return { ctx, first, final };
}

/**
 * The finder's first sieve, for one scan: whether any document could read the readings at a
 * position as a garbled name. The rest are dropped where the paragraph is scanned, so that the
 * document-wide reading weighs only the few that could.
 */
export function garbleSieve(kb: KnowledgeBase, lexicon: Lexicon): Keep {
  // Looked up once for a whole scan, not once per word.
  const targets = targetsFor(kb);
  const memo = memoFor(targets, lexicon);
  return (tokens, places, count) => {
    for (let k = 0; k < count; k++) if (sieve(tokens, places[k]!, memo, targets, lexicon, kb)) return true;
    return false;
  };
}

const SHAPE_SEED: Record<Shape, number> = { word: 0x2545f491, hyphen: 0x68e31da4, 'two-words': 0x1b873593, ocr: 0x0b4e0ef3 };

/**
 * Whether some document could read the words at a place as a garbled name (prejudge), found by
 * the hashes of the words and compared in place, so that words seen before cost no string.
 */
function sieve(tokens: Tokens, p: Place, memo: Memo, targets: VariantTargets, lexicon: Lexicon, kb: KnowledgeBase): boolean {
  // Kept to 30 bits, so that V8 need not box the key (see hashKey).
  const key = (Math.imul(tokens.hash[p.first]! ^ SHAPE_SEED[p.shape], 0x9e3779b1) + (p.second < 0 ? 0 : tokens.hash[p.second]!) + (p.apart ? 1 : 0)) & 0x3fffffff;
  let list = memo.sieve.get(key);
  if (list) {
    for (const s of list) {
      if (s.shape === p.shape && s.apart === p.apart && tokens.textEquals(p.first, s.first) && (p.second < 0 || tokens.textEquals(p.second, s.second!))) return s.passes;
    }
  } else {
    if (memo.sieve.size > MEMO_LIMIT) memo.sieve.clear();
    memo.sieve.set(key, (list = []));
  }
  const written = writtenAt(tokens, p);
  const passes = prejudged({ start: 0, end: 0, written, shape: p.shape, tokens: p.second < 0 ? 1 : 2 }, memo, targets, lexicon, kb) !== null;
  list.push({ shape: p.shape, apart: p.apart, first: tokens.text(p.first), second: p.second < 0 ? undefined : tokens.text(p.second), passes });
  return passes;
}

function prejudged(c: Candidate, memo: Memo, targets: VariantTargets, lexicon: Lexicon, kb: KnowledgeBase): Prejudged | null {
  const byShape = memo[c.shape];
  let pre = byShape.get(c.written);
  if (pre === undefined) {
    if (byShape.size > MEMO_LIMIT) byShape.clear();
    pre = prejudge(c, targets, lexicon, kb);
    // A digit's reading depends on the words after it, so it is not remembered.
    if (c.shape !== 'ocr') byShape.set(c.written, pre);
  }
  return pre;
}

/**
 * One reading of the candidates from `from` to `to`; `settled` keeps the garbles an earlier pass
 * found (for every candidate), and `coveredUntil` is where the garble found before `from` ends.
 */
export function judgeRange(
  ctx: DocumentContext,
  candidates: Candidate[][],
  from: number,
  to: number,
  settled?: (Mention | undefined)[],
  coveredUntil = -1,
): (Mention | undefined)[] {
  const { text, kb, options } = ctx;
  const targets = targetsFor(kb);
  const memo = memoFor(targets, options.lexicon);
  const found: (Mention | undefined)[] = new Array(to - from).fill(undefined);
  for (let k = from; k < to; k++) {
    const alts = candidates[k]!;
    if (alts[0]!.start < coveredUntil) continue;
    const earlier = settled?.[k];
    if (earlier) {
      found[k - from] = earlier;
      coveredUntil = earlier.end;
      continue;
    }
    // Only words near an earlier pass's garbles can read differently on a second pass.
    if (settled && !garbleNear(ctx, alts[0]!.start)) continue;
    for (const c of alts) {
      let pre = prejudged(c, memo, targets, options.lexicon, kb);
      if (c.shape === 'ocr') {
        const apart = ocrReading(c, text, kb);
        if (apart) pre = { readings: [], joined: c.written, common: false, wordLength: c.written.length, ...pre, apart };
      }
      // Part of a place's name ("Mogilev-Podolsky") is no person's garbled name.
      if (c.hyphenatedTo && options.lexicon.isPlace(c.hyphenatedTo)) continue;
      const judged = pre && judge(c, pre, ctx);
      if (judged) {
        found[k - from] = judged;
        coveredUntil = c.end;
        break;
      }
    }
  }
  return found;
}

/** The whole search on a text already tokenized, for callers that read it once (the explain script). */
export function findGarbled(tokens: Tokens, mentions: Mention[], kb: KnowledgeBase, options: GarbleOptions): Mention[] {
  let next = 0;
  const covered = (i: number) => {
    while (next < mentions.length && mentions[next]!.end <= tokens.start[i]!) next++;
    const m = mentions[next];
    return !!m && m.start < tokens.end[i]!;
  };
  return judgeCandidates(tokens.source, findCandidates(tokens, covered), mentions, kb, options);
}

function prejudge(c: Candidate, targets: VariantTargets, lexicon: Lexicon, kb: KnowledgeBase): Prejudged | null {
  const joined = c.written.replace(/ /g, '');
  const key = foldKey(joined);
  // An OCR digit inside a word stands for a letter ("H1ss").
  const wordLength = [...joined].filter((ch) => /[\p{L}01]/u.test(ch)).length;
  const ordinary = (w: string) => lexicon.isWord(w.toLowerCase()) && !/^\p{Lu}{2,}/u.test(w);
  // A given name counts when the dictionary knows it too: the lists of names hold rare ones ("Belia").
  const known = (w: string) => lexicon.isWord(w) || lexicon.isPlace(w) || targets.forenames.has(foldKey(w));
  let common = false;
  if (c.shape === 'two-words' || (c.shape === 'hyphen' && c.written.includes(' '))) {
    const [a, b] = c.written.split(' ') as [string, string];
    // A derived word after an initial ("P. Kutepova") is not one name.
    if (a.endsWith('.') || isDerivation(foldKey(b), targets)) return null;
    // Ordinary words ("The Secret") are two words, unless together they spell a known name ("Tom Sky").
    if ((ordinary(a) || ordinary(b)) && !targets.known.has(key)) return null;
    // Only a pair that reads as one known name joined is worth more thought.
    if (!targets.known.has(key) && !targets.nearest(spell(joined).sounds).some((n) => n.distance.normalized <= 0.15)) return null;
    // "Maslov Ruth" is a near-form of Maslow followed by a name, not one name split in two.
    if (c.shape === 'two-words' && (targets.known.has(foldKey(a)) || targets.nearest(spell(a).sounds).some((n) => n.distance.normalized <= 0.1))) return null;
  } else {
    if (wordLength < 4) return null;
    if (c.shape === 'word' && ordinary(c.written)) return null;
    if (c.shape === 'word') {
      const apart = runTogether(c.written, targets, lexicon, kb);
      if (apart) return { apart, readings: [], joined, common: false, wordLength };
    }
    if (c.shape !== 'ocr' && isDerivation(key, targets)) return null;
    common = c.shape === 'word' && known(c.written);
  }
  // A known form the recognizer passed over (a sentence-initial "Chambers") stays passed over;
  // only a hyphen, a space or an OCR digit makes it news.
  const exact = targets.known.get(key);
  if (exact && c.shape === 'word') return null;
  const all: Nearest[] = exact
    ? [...exact].map((entityId) => ({ target: { entityId, written: joined, sounds: spell(joined).sounds }, distance: { cost: 0, normalized: 0, edits: [] } }))
    : targets.nearest(spell(joined).sounds);
  // Readings that no document could support are dropped here, once per spelling.
  const readings = all.filter((n) => couldAccept(n, c.shape, common, wordLength) && !feminineOf(key, foldKey(n.target.written)));
  return readings.length ? { readings, joined, common, wordLength } : null;
}

/**
 * A Russian surname with its feminine ending is another person (Bukharina, Serebryakova), so a
 * word in -ova or -skaya is never read as a garbled man's name in -ov or -sky.
 */
function feminineOf(word: string, target: string): boolean {
  if (/(?:ov|ev|in|yn)a$/.test(word)) return /(?:ov|ev|in|yn|off|ew)$/.test(target);
  if (/(?:ska|skay|tska)[iy]?a$/.test(word)) return /sk(?:y|i|ii|iy|ij)$/.test(target);
  return false;
}

/** Whether some document could accept the reading: `accept` with the most favourable support. */
function couldAccept(n: Nearest, shape: Shape, common: boolean, wordLength: number): boolean {
  return accept({
    distance: n.distance.normalized,
    cost: n.distance.cost,
    unusual: unusualEdits(n.distance.edits),
    addedConsonants: addedConsonants(n.distance.edits),
    targetLength: n.target.sounds.length,
    inDocument: 1,
    local: 2,
    entityMentions: 1,
    repeats: 3,
    documentLength: 0,
    wordLength,
    common,
    shape,
  });
}

/** "WhittakerChambers", "Kamenevand", "Stalinit": read apart, they name someone outright. */
function runTogether(written: string, targets: VariantTargets, lexicon: Lexicon, kb: KnowledgeBase): Prejudged['apart'] {
  if (lexicon.isWord(written) || lexicon.isPlace(written)) return undefined;
  const camel = /^(\p{Lu}[\p{Ll}\p{M}]+)(\p{Lu}[\p{Ll}\p{M}]+)$/u.exec(written);
  if (camel) {
    const apart = `${camel[1]} ${camel[2]}`;
    const m = nameAtStart(apart, kb);
    if (m && m.end === apart.length) return { entityIds: m.candidates ?? [m.entityId], replacement: apart, reason: 'two words run together' };
  }
  const key = foldKey(written);
  for (let cut = key.length - 2; cut >= 4; cut--) {
    const rest = written.slice(cut);
    if (!targets.known.has(key.slice(0, cut)) || !FUNCTION_WORDS.has(rest)) continue;
    const m = nameAtStart(written.slice(0, cut), kb);
    if (m) return { entityIds: m.candidates ?? [m.entityId], replacement: `${written.slice(0, cut)} ${rest}`, reason: 'two words run together' };
  }
  return undefined;
}

/** "1gnace Reiss": with the letter restored the words name someone. */
function ocrReading(c: Candidate, text: string, kb: KnowledgeBase): Prejudged['apart'] {
  const fixed = c.written.replace(/^[1|]/, 'I').replace(/^0/, 'O');
  const m = nameAtStart(fixed + text.slice(c.end, c.end + 60), kb);
  return m ? { entityIds: m.candidates ?? [m.entityId], replacement: fixed, reason: 'a digit for a letter, as OCR reads it' } : undefined;
}

/** The name the text begins with; namesakes stay open (candidates) for the document to settle. */
function nameAtStart(text: string, kb: KnowledgeBase): Mention | undefined {
  return findMentions(text, kb).find((m) => m.start === 0);
}

type Reading = Nearest & { score: number; evidence: Evidence };

function judge(c: Candidate, pre: Prejudged, ctx: DocumentContext): Mention | undefined {
  const shapeReason = SHAPE_REASON[c.shape];
  if (pre.apart) {
    const ids = pre.apart.entityIds.filter((id) => !ctx.options.dismissed(c.written, id));
    if (!ids.length) return undefined;
    const entityId = pickNamesake(ids, c.start, ctx);
    return garbledMention(c, ctx, entityId, {
      replacement: pre.apart.replacement,
      target: pre.apart.replacement,
      distance: 0,
      reasons: [pre.apart.reason],
      support: ctx.perEntity.get(entityId) ?? 0,
      sameSounds: false,
    });
  }
  let best: Reading | undefined;
  const accepted: Reading[] = [];
  for (const n of pre.readings) {
    if (ctx.options.dismissed(c.written, n.target.entityId)) continue;
    // Support is what the document writes in the form matched: "Uglanov" near many "Lenin"s is
    // no evidence for Lenin's birth name "Ulyanov".
    const form = formNumber(ctx, n.target.entityId, n.target.sounds);
    const evidence: Evidence = {
      distance: n.distance.normalized,
      cost: n.distance.cost,
      unusual: unusualEdits(n.distance.edits),
      addedConsonants: addedConsonants(n.distance.edits),
      targetLength: n.target.sounds.length,
      inDocument: inDocument(ctx, form),
      local: localSupport(ctx, form, c.start),
      entityMentions: ctx.perEntity.get(n.target.entityId) ?? 0,
      repeats: ctx.repeats.get(c.written) ?? 1,
      documentLength: ctx.text.length,
      wordLength: pre.wordLength,
      common: pre.common,
      shape: c.shape,
    };
    ctx.options.observe?.(c.written, n.target.entityId, evidence);
    if (!accept(evidence)) continue;
    const reading = { ...n, score: score(evidence), evidence };
    accepted.push(reading);
    if (!best || reading.score < best.score) best = reading;
  }
  if (!best) return undefined;
  best = chooseNamesake(best, accepted, c.start, ctx);
  const target = best.target.written;
  // The same sounds in another romanization is another spelling; the same sounds through
  // OCR damage or a doubled letter is a garble.
  const sameSounds = best.distance.normalized === 0 && c.shape === 'word' && sameRomanization(c.written, target);
  const edits = explainEdits(best.distance.edits);
  const foreign = /[01|\u0400-\u04FF]/.test(c.written);
  const corrupt = foreign || (best.distance.normalized === 0 && !sameSounds && c.shape === 'word') ? visibleCorruptions(c.written, target) : [];
  const reasons = [...new Set([...(shapeReason ? [shapeReason] : []), ...corrupt, ...edits.filter((r) => !r.startsWith('a digit') || corrupt.length === 0)])];
  return garbledMention(c, ctx, best.target.entityId, {
    replacement: target,
    target,
    distance: Math.round(best.distance.normalized * 1000) / 1000,
    reasons: reasons.length ? reasons : ['the same sounds, spelled otherwise'],
    support: best.evidence.inDocument,
    sameSounds,
  });
}

function garbledMention(c: Candidate, ctx: DocumentContext, entityId: string, garbled: NonNullable<Mention['garbled']>): Mention {
  return { start: c.start, end: c.end, text: ctx.text.slice(c.start, c.end), entityId, resolution: 'variant', garbled };
}

/**
 * Namesakes share a form (Lev, Sergei and Alexander Kamenev): among the readings of the same
 * form, the one named nearest in the document is meant, else the one it names most, else the
 * one the corpus describes most.
 */
function chooseNamesake(best: Reading, accepted: Reading[], at: number, ctx: DocumentContext): Reading {
  const same = accepted.filter((r) => r.target.sounds === best.target.sounds && Math.abs(r.score - best.score) < 0.1);
  if (same.length < 2) return best;
  const id = pickNamesake(same.map((r) => r.target.entityId), at, ctx);
  return same.find((r) => r.target.entityId === id)!;
}

/** Of namesakes, the one named nearest, else the one the document names most, else the one the corpus describes most. */
function pickNamesake(ids: string[], at: number, ctx: DocumentContext): string {
  const near = (id: string) => distanceToEntity(ctx, id, at, CONTEXT_WINDOW + 1);
  const named = (id: string) => ctx.perEntity.get(id) ?? 0;
  const prominence = (id: string) => ctx.kb.get(id)?.sources.length ?? 0;
  return [...ids].sort((a, b) => near(a) - near(b) || named(b) - named(a) || prominence(b) - prominence(a))[0]!;
}

/**
 * Words built from known names rather than misspelling them: a derived word (Stalinist,
 * Bukharina, Maksimovich), the start of a longer form (Narkom for Narkomfin), two names run
 * together (PiatakovSokolnikov).
 */
function isDerivation(key: string, targets: VariantTargets): boolean {
  if (targets.known.has(key)) return false;
  for (let cut = 4; cut <= key.length - 4; cut++) {
    if (targets.known.has(key.slice(0, cut)) && targets.known.has(key.slice(cut))) return true;
  }
  if (targets.hasLongerForm(key)) return true;
  for (const suffix of DERIVATIONS) {
    if (!key.endsWith(suffix) || key.length - suffix.length < 4) continue;
    const stem = key.slice(0, -suffix.length);
    // A plural s after a final s is no English plural ("Mekhliss" is Mekhlis misspelled).
    if (suffix === 's' && stem.endsWith('s')) continue;
    if (targets.known.has(stem)) return true;
    // Trotsky → Trotskaya; Okhrana → Okhranka.
    if (suffix === 'aya' && (targets.known.has(`${stem}y`) || targets.known.has(`${stem}i`))) return true;
    if (suffix === 'ka' && targets.known.has(`${stem}a`)) return true;
  }
  return false;
}
