// What speaks for reading a word as a garbled name, and the rule that weighs it. Kept apart
// from the search so that the evaluation (npm run eval) can report the evidence it rejected.
import type { Edit } from './sounds';

export interface Evidence {
  /** Normalized sound distance to the known form: 0 same sounds, about 0.3 heavily garbled. */
  distance: number;
  /** The same before dividing by length: 0.3 is one cheap exchange, 0.5 one vowel added or lost. */
  cost: number;
  /** Substitutions outside the cheap garbling pairs ("ch for d"). */
  unusual: number;
  /** Consonants the word has and the known form lacks: "Rakovsky" has two more than "Rykov". */
  addedConsonants: number;
  /** Sounds in the known form; short forms have many real neighbours. */
  targetLength: number;
  /** Resolved mentions of the entity in the document, written in the form matched. */
  inDocument: number;
  /** Resolved mentions of the entity in the document in any form; breaks ties between namesakes. */
  entityMentions: number;
  /** Of those, within LOCAL characters either side. */
  local: number;
  /** Characters in the document. */
  documentLength: number;
  /** Letters in the word read. */
  wordLength: number;
  /** How often the document writes the word this way. */
  repeats: number;
  /** A given name or a place name, which needs more than resemblance. */
  common: boolean;
  /** How the words were found: joined across a hyphen or a space, or with an OCR digit. */
  shape: 'word' | 'hyphen' | 'two-words' | 'ocr';
}

export const LOCAL = 2000;

export function unusualEdits(edits: Edit[]): number {
  return edits.filter((e) => e.op === 'sub' && e.why === 'other').length;
}

const VOWEL = /[aeiouy]/;

export function addedConsonants(edits: Edit[]): number {
  return edits.filter((e) => e.op === 'del' && !VOWEL.test(e.ch)).length;
}

/**
 * The entity is salient here when the document names it nearby and is not about it on every
 * page: in a chapter about Pauker, Pauker; not Stalin throughout a book about Stalin.
 */
export function salient(e: Evidence): boolean {
  return e.local >= 1 && e.inDocument <= salienceLimit(e.documentLength);
}

/** The most mentions a salient entity may have in a document of this length; the only use of the length. */
export function salienceLimit(documentLength: number): number {
  return Math.floor(Math.max(12, documentLength / 25_000));
}

export function accept(e: Evidence): boolean {
  if (e.unusual > 1) return false;
  if (e.shape === 'hyphen' && e.distance === 0) return true;
  if (e.shape === 'ocr' && e.distance <= 0.1) return true;
  // A given name, a place, or a name the dictionary knows (Kalinin) needs more than resemblance.
  if (e.common) return e.unusual === 0 && e.distance <= 0.06 && salient(e);
  // Two words that join into a known form exactly ("Tom Sky", "Pau Ker") are a split name.
  if (e.shape === 'two-words') return e.unusual === 0 && (e.distance === 0 || (e.distance <= 0.15 && salient(e)));
  // One cheap change in a long word, or hardly any change at all, needs no support; nor does
  // one letter lost from a long name ("Dzerrinsky"), which few other names lie so close to.
  if (e.unusual === 0 && (e.distance <= 0.08 || (e.cost <= 0.5 && e.wordLength >= 6) || (e.cost <= 0.9 && e.wordLength >= 9 && e.targetLength >= 8 && e.addedConsonants === 0))) return true;
  // Close: the same form is written nearby, or both spellings recur through the document.
  if (e.unusual === 0 && e.distance <= 0.15 && (e.local >= 1 || (e.repeats >= 3 && e.inDocument >= 3))) return true;
  // Garbling adds vowels and loses letters; a word with two more consonants is another name
  // built on the same stem (Rakovsky is not Rykov).
  if (e.addedConsonants > 1) return false;
  if (e.distance <= 0.2) return salient(e);
  // Heavily garbled: only for a character of this passage, named at least twice around it.
  return e.unusual === 0 && e.targetLength >= 5 && e.wordLength >= 5 && e.local >= 2 && salient(e);
}

/** Lower is a better reading, to choose among several entities a word could stand for. */
export function score(e: Evidence): number {
  return e.distance + 0.15 * e.unusual - (salient(e) ? 0.05 : 0) - (e.inDocument > 0 ? 0.03 : 0) - Math.min(e.entityMentions, 100) / 10_000;
}
