// Libraries loaded on first use. A server starting on the built-in knowledge base (parsed at
// build time) with no dismissals file needs neither YAML nor schema validation, and loading the
// two is about a tenth of a cold start.
import type AjvClass from 'ajv';
import type * as Yaml from 'yaml';

let loadedYaml: typeof Yaml | undefined;
let loadedAjv: typeof AjvClass | undefined;

export function yaml(): typeof Yaml {
  return (loadedYaml ??= require('yaml') as typeof Yaml);
}

export function ajv(): typeof AjvClass {
  return (loadedAjv ??= (require('ajv') as { default: typeof AjvClass }).default);
}
