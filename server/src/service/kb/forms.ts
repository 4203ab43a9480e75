import type { Entity } from './entity';

/** How a written form relates to its entity; decides the mention's resolution. */
export type FormOrigin = 'name' | 'alias' | 'variant';

export interface SurfaceForm {
  text: string;
  origin: FormOrigin;
  /**
   * Written in the entry as a distinctive form (an alias, a full name), as opposed to derived
   * from it (a surname alone, initials) or a person known only by a surname. A distinctive form
   * outranks the others when both fit the same words.
   */
  explicit: boolean;
}

const PATRONYMIC = /(?:ovich|evich|ich|ovna|evna|ichna|inichna)$/i;
const PARTICLES = new Set(['de', 'von', 'van', 'der', 'la', 'le', 'du', 'di', 'da']);
const CAPITAL_FIRST = /^\p{Lu}/u;

const computed = new WeakMap<Entity, readonly SurfaceForm[]>();

/**
 * Every form by which the text may name the entity: the written ones and those derived from them.
 * Worked out once per entity: the name index and the garble finder's targets both need them.
 */
export function surfaceForms(entity: Entity): readonly SurfaceForm[] {
  let forms = computed.get(entity);
  if (!forms) computed.set(entity, (forms = Object.freeze(formsOf(entity))));
  return forms;
}

function formsOf(entity: Entity): SurfaceForm[] {
  const forms: SurfaceForm[] = [];
  const add = (text: string, origin: FormOrigin, explicit: boolean) => forms.push({ text, origin, explicit });
  // "Andreev (first name unknown)" is no more distinctive than Andrei Andreev's surname.
  const bareSurname = entity.type === 'person' && !/\s/.test(entity.name.trim());
  add(entity.name, 'name', !bareSurname);
  for (const a of entity.aliases) add(a, 'alias', true);
  for (const v of entity.variants) add(v, 'variant', true);
  if (entity.type !== 'person') return forms;

  if (entity.surname) add(entity.surname, 'name', false);
  for (const f of forms.filter((f) => f.origin !== 'variant')) {
    for (const d of derivedPersonalForms(f.text, f === forms[0] ? entity.surname : undefined)) add(d, f.origin, false);
  }
  return forms;
}

/** "Vyacheslav Mikhailovich Molotov" → Molotov, V. Molotov, V. M. Molotov, Vyacheslav Molotov, Vyacheslav Mikhailovich. */
function derivedPersonalForms(full: string, explicitSurname?: string): string[] {
  const words = full.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 4) return [];
  // A title such as "People's Commissar" or a nickname phrase is not a personal name.
  if (words.some((w) => !CAPITAL_FIRST.test(w) && !PARTICLES.has(w))) return [];
  const last = words[words.length - 1]!;
  if (!explicitSurname && PATRONYMIC.test(last) && words.length === 2) return [];
  const surname = explicitSurname ?? last;
  const surnameWords = surname.split(/\s+/).length;
  const given = words.slice(0, words.length - surnameWords).filter((w) => !PARTICLES.has(w));
  if (given.length === 0) return [surname];
  const initial = (w: string) => `${String.fromCodePoint(w.codePointAt(0)!)}.`;
  const out = [surname, `${initial(given[0]!)} ${surname}`];
  if (given.length >= 2) {
    out.push(`${given.map(initial).join(' ')} ${surname}`);
    out.push(`${given[0]} ${surname}`);
    if (PATRONYMIC.test(given[1]!)) {
      out.push(`${given[0]} ${given[1]}`);
      out.push(`${initial(given[0]!)} ${given[1]} ${surname}`);
    }
  }
  return out;
}
