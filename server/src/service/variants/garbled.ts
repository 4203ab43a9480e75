// Finds words that are no known form of any entity but most likely a garbled spelling of one.
// Evidence is weighed, not just matched: how close the sounds are, and whether the document
// names the same entity correctly elsewhere, and how near.
import type { KnowledgeBase } from '../kb/knowledgeBase';
import { CONTEXT_WINDOW, findMentions, type Mention } from '../recognition/mentions';
import { foldKey, isAcronym } from '../text/normalize';
import type { Token } from '../text/tokenize';
import type { Lexicon } from './lexicon';
import { explainEdits, spell } from './sounds';
import { accept, LOCAL, score, unusualEdits, type Evidence } from './evidence';
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

export function findGarbled(text: string, tokens: Token[], mentions: Mention[], kb: KnowledgeBase, options: GarbleOptions): Mention[] {
  const targets = targetsFor(kb);
  const support = supportOf(mentions);
  const perEntity = new Map<string, number>();
  for (const m of mentions) if (m.resolution !== 'ambiguous') perEntity.set(m.entityId, (perEntity.get(m.entityId) ?? 0) + 1);
  const repeats = new Map<string, number>();
  for (const t of tokens) if (t.capitalized) repeats.set(t.text, (repeats.get(t.text) ?? 0) + 1);
  const byEntity = new Map<string, number[]>();
  for (const m of mentions) {
    if (m.resolution === 'ambiguous') continue;
    const list = byEntity.get(m.entityId);
    if (list) list.push(m.start);
    else byEntity.set(m.entityId, [m.start]);
  }
  const nearestMention = (entityId: string, at: number) => {
    const list = byEntity.get(entityId);
    if (!list) return Infinity;
    const i = lowerBound(list, at);
    return Math.min(i < list.length ? list[i]! - at : Infinity, i > 0 ? at - list[i - 1]! : Infinity);
  };
  const context: Context = { targets, support, perEntity, repeats, nearestMention, options, kb, text };
  const found: Mention[] = [];
  let next = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    while (next < mentions.length && mentions[next]!.end <= tok.start) next++;
    const m = mentions[next];
    if (m && m.start < tok.end) continue;

    for (const candidate of candidatesAt(text, tokens, i, mentions, next)) {
      const judged = judge(candidate, context);
      if (judged) {
        found.push(judged);
        i = candidate.lastToken;
        break;
      }
    }
  }
  return found;
}

interface Candidate {
  start: number;
  end: number;
  written: string;
  /** Index of the last token the candidate covers. */
  lastToken: number;
  /** Reasons that come from the shape of the text rather than the sounds. */
  shape: string[];
}

/** The readings to try at a token, the longest first. */
function candidatesAt(text: string, tokens: Token[], i: number, mentions: Mention[], next: number): Candidate[] {
  const tok = tokens[i]!;
  const covered = (t: Token) => mentions.slice(next, next + 2).some((m) => m.start < t.end && t.start < m.end);
  // An OCR digit for a capital I: "1gnace".
  if (!tok.capitalized) {
    const before = text[tok.start - 1];
    if ((before === '1' || before === '|' || before === '0') && !/[\p{L}\d]/u.test(text[tok.start - 2] ?? ' ') && tok.text.length >= 3) {
      return [{ start: tok.start - 1, end: tok.end, written: `${before}${tok.text}`, lastToken: i, shape: ['an OCR digit for a letter'] }];
    }
    return [];
  }
  if (isAcronym(tok.text)) return [];
  const out: Candidate[] = [];
  const after = tokens[i + 1];
  // A hyphen left inside a word from an old line break: "Kame-nev".
  if (after && text[tok.end] === '-' && after.start === tok.end + 1 && !after.capitalized && !covered(after)) {
    out.push({ start: tok.start, end: after.end, written: tok.text + after.text, lastToken: i + 1, shape: ['split by a hyphen'] });
  }
  // A name split into two words: "Paul Kerr", "Bukha rin", "Kri- vitsky".
  const gap = after ? text.slice(tok.end, after.start) : '';
  if (after && !covered(after) && (gap === ' ' || gap === '- ') && !isAcronym(after.text)) {
    out.push({ start: tok.start, end: after.end, written: `${tok.text} ${after.text}`, lastToken: i + 1, shape: [gap === ' ' ? 'split into two words' : 'split by a hyphen'] });
  }
  out.push({ start: tok.start, end: tok.end, written: tok.text, lastToken: i, shape: [] });
  return out;
}

type Reading = Nearest & { score: number; evidence: Evidence };

/**
 * Namesakes share a form (Lev, Sergei and Alexander Kamenev): among the readings of the same
 * form, the one named nearest in the document is meant, else the one it names most.
 */
function chooseNamesake(best: Reading, accepted: Reading[], nearest: (entityId: string, at: number) => number, at: number, kb: KnowledgeBase): Reading {
  const same = accepted.filter((r) => r.target.sounds === best.target.sounds && Math.abs(r.score - best.score) < 0.1);
  if (same.length < 2) return best;
  const near = (r: Reading) => Math.min(nearest(r.target.entityId, at), CONTEXT_WINDOW + 1);
  // Failing any sign in the document, the one the corpus describes most is the likelier.
  const prominence = (r: Reading) => kb.get(r.target.entityId)?.sources.length ?? 0;
  return same.sort((a, b) => near(a) - near(b) || b.evidence.entityMentions - a.evidence.entityMentions || prominence(b) - prominence(a))[0]!;
}

interface Context {
  targets: VariantTargets;
  /** Offsets of resolved mentions by entity and written form (see formKey). */
  support: Map<string, number[]>;
  perEntity: Map<string, number>;
  /** Characters from an offset to the nearest resolved mention of the entity. */
  nearestMention: (entityId: string, at: number) => number;
  /** Capitalized words of the document and how often each occurs. */
  repeats: Map<string, number>;
  options: GarbleOptions;
  kb: KnowledgeBase;
  text: string;
}

/**
 * Words run together ("WhittakerChambers", "Kamenevand") or an OCR digit before a known name
 * ("1gnace Reiss"): read apart, or with the letter, they name someone outright.
 */
function readApart(c: Candidate, ctx: Context): Mention | undefined {
  const { kb, targets, options } = ctx;
  const named = (text: string) => findMentions(text, kb).find((m) => m.start === 0 && m.resolution !== 'ambiguous');
  const mention = (entityId: string, replacement: string, reason: string): Mention | undefined =>
    options.dismissed(c.written, entityId)
      ? undefined
      : {
          start: c.start,
          end: c.end,
          text: ctx.text.slice(c.start, c.end),
          entityId,
          resolution: 'variant',
          garbled: { replacement, target: replacement, distance: 0, reasons: [reason], support: ctx.perEntity.get(entityId) ?? 0, sameSounds: false },
        };
  if (c.shape.includes('an OCR digit for a letter')) {
    const fixed = c.written.replace(/^[1|]/, 'I').replace(/^0/, 'O');
    const m = named(fixed + ctx.text.slice(c.end, c.end + 60));
    return m && m.end > 0 ? mention(m.entityId, fixed, 'a digit for a letter, as OCR reads it') : undefined;
  }
  if (c.shape.length || options.lexicon.isWord(c.written) || options.lexicon.isPlace(c.written)) return undefined;
  const camel = /^(\p{Lu}[\p{Ll}\p{M}]+)(\p{Lu}[\p{Ll}\p{M}]+)$/u.exec(c.written);
  if (camel) {
    const apart = `${camel[1]} ${camel[2]}`;
    const m = named(apart);
    if (m && m.end === apart.length) return mention(m.entityId, apart, 'two words run together');
  }
  const key = foldKey(c.written);
  for (let cut = key.length - 2; cut >= 4; cut--) {
    const rest = c.written.slice(cut);
    if (!targets.known.has(key.slice(0, cut)) || !FUNCTION_WORDS.has(rest)) continue;
    const m = named(c.written.slice(0, cut));
    if (m) return mention(m.entityId, `${c.written.slice(0, cut)} ${rest}`, 'two words run together');
  }
  return undefined;
}

function judge(c: Candidate, ctx: Context): Mention | undefined {
  const apart = readApart(c, ctx);
  if (apart) return apart;
  const { targets, support, options, kb } = ctx;
  const documentText = ctx.text;
  const textLength = documentText.length;
  const { lexicon } = options;
  const joined = c.written.replace(/ /g, '');
  const key = foldKey(joined);
  const twoWords = c.shape.includes('split into two words');
  const ordinary = (w: string) => lexicon.isWord(w.toLowerCase()) && !/^\p{Lu}{2,}/u.test(w);
  // A given name counts when the dictionary knows it too: the lists of names hold rare ones ("Belia").
  const known = (w: string) => lexicon.isWord(w) || lexicon.isPlace(w) || targets.forenames.has(foldKey(w));
  let common: boolean;
  if (twoWords) {
    const [a, b] = c.written.split(' ') as [string, string];
    // Ordinary words ("The Secret"), or a derived word after an initial ("P. Kutepova"), are not one name.
    if (a.endsWith('.') || isDerivation(foldKey(b), targets)) return undefined;
    // Ordinary words ("The Secret") are two words, unless together they spell a known name ("Tom Sky").
    if ((ordinary(a) || ordinary(b)) && !targets.known.has(key)) return undefined;
    // Only a pair that reads as one known name joined is worth more thought.
    if (!targets.known.has(key) && !targets.nearest(spell(joined).sounds).some((n) => n.distance.normalized <= 0.15)) return undefined;
    // "Maslov Ruth" is a near-form of Maslow followed by a name, not one name split in two.
    if (targets.known.has(foldKey(a)) || targets.nearest(spell(a).sounds).some((n) => n.distance.normalized <= 0.1)) return undefined;
    // Each word may be an ordinary name ("Paul", "Kerr"); what counts is how the two read joined.
    common = false;
  } else {
    if ([...key].filter((ch) => /\p{L}/u.test(ch)).length < 4) return undefined;
    if (!c.shape.length && ordinary(c.written)) return undefined;
    if (isDerivation(key, targets)) return undefined;
    common = !c.shape.length && known(c.written);
  }
  const shape: Evidence['shape'] = c.shape.includes('split by a hyphen') ? 'hyphen' : twoWords ? 'two-words' : c.shape.length ? 'ocr' : 'word';

  // A known form the recognizer passed over (a sentence-initial "Chambers") stays passed over;
  // only a hyphen, a space or an OCR digit makes it news.
  const exact = targets.known.get(key);
  if (exact && shape === 'word') return undefined;
  let best: Reading | undefined;
  const accepted: Reading[] = [];
  const candidates: Nearest[] = exact
    ? [...exact].map((entityId) => ({ target: { entityId, written: joined, sounds: '' }, distance: { cost: 0, normalized: 0, edits: [] } }))
    : targets.nearest(spell(joined).sounds);
  for (const n of candidates) {
    if (options.dismissed(c.written, n.target.entityId)) continue;
    // Support is what the document writes in the form matched: "Uglanov" near many "Lenin"s is
    // no evidence for Lenin's birth name "Ulyanov".
    const positions = support.get(formKey(n.target.entityId, n.target.sounds || spell(joined).sounds)) ?? [];
    const local = countWithin(positions, c.start, LOCAL);
    const evidence: Evidence = {
      distance: n.distance.normalized,
      cost: n.distance.cost,
      unusual: unusualEdits(n.distance.edits),
      targetLength: n.target.sounds.length || joined.length,
      inDocument: positions.length,
      local,
      entityMentions: ctx.perEntity.get(n.target.entityId) ?? 0,
      repeats: ctx.repeats.get(c.written) ?? 1,
      documentLength: textLength,
      wordLength: [...joined].filter((ch) => /\p{L}/u.test(ch)).length,
      common,
      shape,
    };
    options.observe?.(c.written, n.target.entityId, evidence);
    if (!accept(evidence)) continue;
    accepted.push({ ...n, score: score(evidence), evidence });
    const s = score(evidence);
    if (!best || s < best.score) best = { ...n, score: s, evidence };
  }
  if (!best) return undefined;
  best = chooseNamesake(best, accepted, ctx.nearestMention, c.start, kb);
  const entity = kb.get(best.target.entityId)!;
  const target = best.target.written;
  // The same sounds in another romanization is another spelling; the same sounds through
  // OCR damage or a doubled letter is a garble.
  const sameSounds = best.distance.normalized === 0 && c.shape.length === 0 && sameRomanization(c.written, target);
  const edits = explainEdits(best.distance.edits);
  const corrupt = /[01|\u0400-\u04FF]/.test(c.written) || (best.distance.normalized === 0 && !sameSounds && c.shape.length === 0) ? visibleCorruptions(c.written, target) : [];
  const reasons = [...new Set([...c.shape, ...corrupt, ...edits.filter((r) => !r.startsWith('a digit') || corrupt.length === 0)])];
  const count = best.evidence.inDocument;
  return {
    start: c.start,
    end: c.end,
    text: documentText.slice(c.start, c.end),
    entityId: entity.id,
    resolution: 'variant',
    garbled: {
      replacement: best.target.written,
      target: best.target.written,
      distance: Math.round(best.distance.normalized * 1000) / 1000,
      reasons: reasons.length ? reasons : ['the same sounds, spelled otherwise'],
      sameSounds,
      support: count,
    },
  };
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
    if (targets.known.has(stem)) return true;
    // Trotsky → Trotskaya; Okhrana → Okhranka.
    if (suffix === 'aya' && (targets.known.has(`${stem}y`) || targets.known.has(`${stem}i`))) return true;
    if (suffix === 'ka' && targets.known.has(`${stem}a`)) return true;
  }
  return false;
}

/** Offsets of resolved mentions, by entity and the sounds of the last word written. */
function supportOf(mentions: Mention[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of mentions) {
    if (m.resolution === 'ambiguous' || m.garbled) continue;
    const words = m.text.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').split(/\s+/);
    const key = formKey(m.entityId, spell(words[words.length - 1]!).sounds);
    const list = out.get(key);
    if (list) list.push(m.start);
    else out.set(key, [m.start]);
  }
  return out;
}

function formKey(entityId: string, sounds: string): string {
  return `${entityId}\u0000${sounds}`;
}

/** How many of the sorted offsets lie within `radius` of `at`. */
function countWithin(sorted: number[], at: number, radius: number): number {
  const first = lowerBound(sorted, at - radius);
  return lowerBound(sorted, at + radius + 1) - first;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
