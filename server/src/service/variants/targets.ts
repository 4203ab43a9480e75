import type { Entity } from '../kb/entity';
import { surfaceForms } from '../kb/forms';
import type { KnowledgeBase } from '../kb/knowledgeBase';
import { foldKey, isAcronym } from '../text/normalize';
import { soundDistance, spell, type Distance } from './sounds';

/** A one-word form a garbled word may stand for: a surname, a one-word alias or name. */
export interface Target {
  entityId: string;
  /** As the knowledge base writes it. */
  written: string;
  sounds: string;
  /** Consonant classes of the sounds, for the cheap pre-filter. */
  skeleton?: string;
}

export interface Nearest {
  target: Target;
  distance: Distance;
}

/** The most a garbled word may differ from its target, as a share of its sounds. */
export const MAX_DISTANCE = 0.34;
const CACHE_LIMIT = 50_000;

/**
 * The one-word forms of every entity, indexed by pairs of sounds so that a word is measured only
 * against forms it shares something with, and with a memory of words already measured.
 */
export class VariantTargets {
  readonly all: Target[] = [];
  /** Folded spelling → entities that use it, to tell a known form from an unknown word. */
  readonly known = new Map<string, Set<string>>();
  /** Folded given names of the knowledge base's people (Georgy, Yakov): names, not garbles. */
  readonly forenames = new Set<string>();
  private readonly byBigram = new Map<string, number[]>();
  private readonly memo = new Map<string, Nearest[]>();

  constructor(kb: KnowledgeBase) {
    const seen = new Set<string>();
    for (const entity of kb.all()) {
      if (entity.type === 'person') {
        for (const form of [entity.name, ...entity.aliases]) {
          const words = form.split(/\s+/);
          if (words.length > 1 && !words[0]!.endsWith('.')) this.forenames.add(foldKey(words[0]!));
        }
      }
      for (const word of oneWordForms(entity)) {
        const key = foldKey(word);
        let owners = this.known.get(key);
        if (!owners) this.known.set(key, (owners = new Set()));
        owners.add(entity.id);
        const sounds = spell(word).sounds;
        if (sounds.length < 3 || seen.has(`${entity.id}\u0000${sounds}`)) continue;
        seen.add(`${entity.id}\u0000${sounds}`);
        const index = this.all.push({ entityId: entity.id, written: word, sounds, skeleton: skeleton(sounds) }) - 1;
        for (const g of bigrams(sounds)) {
          const list = this.byBigram.get(g);
          if (list) list.push(index);
          else this.byBigram.set(g, [index]);
        }
      }
    }
  }

  /** Whether some known form begins with these folded letters and goes on (Narkom → Narkomfin). */
  hasLongerForm(key: string): boolean {
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const k of this.known.keys()) for (let i = 4; i < k.length; i++) this.prefixes.add(k.slice(0, i));
    }
    return this.prefixes.has(key);
  }
  private prefixes?: Set<string>;

  /** Forms within MAX_DISTANCE of a word's sounds, nearest first. */
  nearest(sounds: string): Nearest[] {
    const cached = this.memo.get(sounds);
    if (cached) return cached;
    const shared = new Map<number, number>();
    for (const g of bigrams(sounds)) {
      for (const i of this.byBigram.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    const out: Nearest[] = [];
    for (const [i, count] of shared) {
      const target = this.all[i]!;
      // Two words with few sound pairs in common cannot be within the distance allowed.
      if (count < Math.min(2, target.skeleton!.length - 1)) continue;
      const distance = soundDistance(sounds, target.sounds, MAX_DISTANCE);
      if (distance) out.push({ target, distance });
    }
    out.sort((a, b) => a.distance.normalized - b.distance.normalized);
    if (this.memo.size > CACHE_LIMIT) this.memo.clear();
    this.memo.set(sounds, out);
    return out;
  }
}

function oneWordForms(entity: Entity): string[] {
  const out: string[] = [];
  for (const form of surfaceForms(entity)) {
    const words = form.text.split(/\s+/);
    // Acronyms are not garbled by sound; a lone initial is no name.
    if (words.length === 1 && !form.text.endsWith('.') && !isAcronym(form.text)) out.push(form.text);
  }
  return out;
}

const CLASS: Record<string, string> = { b: 'P', p: 'P', d: 'T', t: 'T', g: 'K', k: 'K', x: 'K', h: 'K', v: 'F', f: 'F', s: 'S', z: 'S', c: 'S', š: 'S', ž: 'S', č: 'S', j: 'S', l: 'R', r: 'R', m: 'N', n: 'N' };

/** Consonants by the classes garbling moves within; vowels, which drift freely, left out. */
function skeleton(sounds: string): string {
  let out = '';
  for (const ch of sounds) {
    const c = CLASS[ch];
    if (c && c !== out[out.length - 1]) out += c;
  }
  return out;
}

function bigrams(sounds: string): string[] {
  const s = `^${skeleton(sounds)}$`;
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

const cache = new WeakMap<KnowledgeBase, VariantTargets>();

export function targetsFor(kb: KnowledgeBase): VariantTargets {
  let t = cache.get(kb);
  if (!t) cache.set(kb, (t = new VariantTargets(kb)));
  return t;
}
