/** Stable diagnostic codes for knowledge-base files. */
export const KbCode = {
  NoFrontMatter: 'kb-no-front-matter',
  YamlSyntax: 'kb-yaml-syntax',
  MissingField: 'kb-missing-field',
  InvalidField: 'kb-invalid-field',
  UnknownField: 'kb-unknown-field',
  DuplicateId: 'kb-duplicate-id',
  AliasConflict: 'kb-alias-conflict',
} as const;
