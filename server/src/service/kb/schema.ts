// The front-matter schema, also usable by YAML editors. Messages for its violations are
// written in parseEntityFile.ts, where each is placed at the faulty node.

export const ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const DATE_PATTERN = '^(c\\. ?)?\\d{3,4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$';
export const WIKIDATA_PATTERN = '^Q[1-9]\\d*$';

const text = { type: 'string', minLength: 1 } as const;
const textList = { type: 'array', items: text } as const;
const date = { type: 'string', pattern: DATE_PATTERN } as const;

export const entitySchema = {
  $id: 'https://annalist.invalid/entity.schema.json',
  title: 'Annalist entity front matter',
  type: 'object',
  required: ['id', 'type', 'name'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: ID_PATTERN },
    type: { enum: ['person', 'organization'] },
    name: text,
    aliases: textList,
    variants: textList,
    sharedAliases: textList,
    surname: text,
    born: date,
    died: date,
    founded: date,
    dissolved: date,
    dateNote: text,
    roles: textList,
    wikidata: { type: 'string', pattern: WIKIDATA_PATTERN },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'line'],
        additionalProperties: false,
        properties: {
          file: text,
          line: { type: 'integer', minimum: 1 },
          note: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Without these an entry cannot be used at all; other faulty fields are dropped and the entry kept. */
export const STRUCTURAL_FIELDS = new Set(['id', 'type', 'name']);
