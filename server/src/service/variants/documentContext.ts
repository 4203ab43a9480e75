// What a document says for or against reading a word as a garbled name: how often it names each
// entity, in which form, and what stands near a given offset. The counts are of the whole
// document; what stands near is looked up in the mentions themselves, so that a document edited
// in one place can keep the counts and change only the mentions (see reading.ts).
import type { KnowledgeBase } from '../kb/knowledgeBase';
import type { Mention } from '../recognition/mentions';
import type { Candidate } from './candidates';
import { LOCAL } from './evidence';
import type { GarbleOptions } from './garbled';
import { spell } from './sounds';

export interface DocumentContext {
  text: string;
  kb: KnowledgeBase;
  options: GarbleOptions;
  /** The document's recognized mentions (no garbles), by offset. */
  known: Mention[];
  /**
   * Of each known mention, the number of its form (its entity and the sounds of its last word),
   * or -1 when it counts for no one (ambiguous). Numbers, not strings, because a reading compares
   * the form it weighs with every mention near it.
   */
  forms: Int32Array;
  /** Form numbers by entity, then by sounds. */
  formNumbers: Map<string, Map<string, number>>;
  /** Known mentions of each form, by number. */
  inDocument: number[];
  /** Resolved known mentions of each entity, in any form. */
  perEntity: Map<string, number>;
  /** How often the document writes each candidate word. */
  repeats: Map<string, number>;
  /** Garbles an earlier pass found, by offset, with their form numbers. */
  garbles?: { start: number; form: number }[];
  /** Numbers of forms only garbles have, by entity and sounds. */
  garbleForms?: Map<string, number>;
}

export function documentContext(text: string, known: Mention[], candidates: Candidate[][], kb: KnowledgeBase, options: GarbleOptions): DocumentContext {
  const repeats = new Map<string, number>();
  for (const alts of candidates) {
    const w = alts[alts.length - 1]!.written;
    repeats.set(w, (repeats.get(w) ?? 0) + 1);
  }
  const forms = new Int32Array(known.length).fill(-1);
  const formNumbers = new Map<string, Map<string, number>>();
  const inDocument: number[] = [];
  const perEntity = new Map<string, number>();
  for (let j = 0; j < known.length; j++) {
    const m = known[j]!;
    if (m.resolution === 'ambiguous' || m.garbled) continue;
    const form = numberForm(formNumbers, inDocument, m.entityId, lastWordSounds(m.text));
    forms[j] = form;
    inDocument[form]!++;
    perEntity.set(m.entityId, (perEntity.get(m.entityId) ?? 0) + 1);
  }
  return { text, kb, options, known, forms, formNumbers, inDocument, perEntity, repeats };
}

function numberForm(numbers: Map<string, Map<string, number>>, counts: number[], entityId: string, sounds: string): number {
  let bySounds = numbers.get(entityId);
  if (!bySounds) numbers.set(entityId, (bySounds = new Map()));
  let form = bySounds.get(sounds);
  if (form === undefined) {
    bySounds.set(sounds, (form = counts.length));
    counts.push(0);
  }
  return form;
}

/** The number of a form in the document, or -1 if neither a known mention nor an earlier garble has it. */
export function formNumber(ctx: DocumentContext, entityId: string, sounds: string): number {
  return ctx.formNumbers.get(entityId)?.get(sounds) ?? ctx.garbleForms?.get(`${entityId}\u0000${sounds}`) ?? -1;
}

/** Known mentions of a form (none for a form only garbles have). */
export function inDocument(ctx: DocumentContext, form: number): number {
  return form >= 0 && form < ctx.inDocument.length ? ctx.inDocument[form]! : 0;
}

/**
 * Garbles already found count as support nearby only: a document that garbles a name everywhere
 * must not, by its own garbles, make that name's other readings likely far away.
 */
export function withGarbledSupport(ctx: DocumentContext, found: (Mention | undefined)[]): DocumentContext {
  // Forms only garbles have are numbered on past the known ones, apart, so that the known mentions' context stays as it was.
  const garbleForms = new Map<string, number>();
  const garbles: { start: number; form: number }[] = [];
  for (const m of found) {
    if (!m?.garbled) continue;
    const sounds = lastWordSounds(m.garbled.target);
    let form = ctx.formNumbers.get(m.entityId)?.get(sounds);
    if (form === undefined) {
      const key = `${m.entityId}\u0000${sounds}`;
      form = garbleForms.get(key);
      if (form === undefined) garbleForms.set(key, (form = ctx.inDocument.length + garbleForms.size));
    }
    garbles.push({ start: m.start, form });
  }
  return { ...ctx, garbleForms, garbles };
}

/** Mentions of this form within LOCAL characters of `at`, counting garbles of an earlier pass. */
export function localSupport(ctx: DocumentContext, form: number, at: number): number {
  if (form < 0) return 0;
  let n = 0;
  const { known, forms } = ctx;
  for (let j = firstAtOrAfter(known, at - LOCAL); j < known.length && known[j]!.start <= at + LOCAL; j++) if (forms[j] === form) n++;
  for (const g of ctx.garbles ?? []) if (g.form === form && Math.abs(g.start - at) <= LOCAL) n++;
  return n;
}

/** Whether an earlier pass found any garble within LOCAL characters of `at`. */
export function garbleNear(ctx: DocumentContext, at: number): boolean {
  return (ctx.garbles ?? []).some((g) => Math.abs(g.start - at) <= LOCAL);
}

/** Characters from `at` to the nearest resolved mention of the entity, or `limit` if none is closer. */
export function distanceToEntity(ctx: DocumentContext, entityId: string, at: number, limit: number): number {
  let best = limit;
  const { known, forms } = ctx;
  for (let j = firstAtOrAfter(known, at - limit); j < known.length && known[j]!.start <= at + limit; j++) {
    if (forms[j]! >= 0 && known[j]!.entityId === entityId) best = Math.min(best, Math.abs(known[j]!.start - at));
  }
  return best;
}

function firstAtOrAfter(sorted: { start: number }[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const lastWords = new Map<string, string>();

/** The sounds of a mention's last word ("Blumkin" of "Yakov Blum-\nkin"); mentions repeat, so remembered. */
export function lastWordSounds(text: string): string {
  let sounds = lastWords.get(text);
  if (sounds === undefined) {
    const words = text.replace(/-[ \t]*(?:\r\n|\n|\r)[ \t]*/g, '').split(/\s+/);
    sounds = spell(words[words.length - 1]!).sounds;
    if (lastWords.size > 50_000) lastWords.clear();
    lastWords.set(text, sounds);
  }
  return sounds;
}
