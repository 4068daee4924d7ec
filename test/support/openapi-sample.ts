/**
 * Builds a request from an OpenAPI operation's own schemas: the smallest value each schema
 * accepts (its example, const, default or first enum value; else the least its type and bounds
 * allow). A constrained string without an example is an error: the document must show one.
 */
type Schema = Record<string, any>;

export const sampleOf = (schema: Schema, root: Schema, at = '$'): unknown => {
  if (schema['$ref']) return sampleOf(resolveRef(root, schema['$ref']), root, at);
  if (schema['examples']?.length) return schema['examples'][0];
  if ('const' in schema) return schema['const'];
  if (schema['default'] !== undefined) return schema['default'];
  if (schema['enum']?.length) return schema['enum'][0];
  const choice = schema['anyOf'] ?? schema['oneOf'];
  if (choice?.length) return sampleOf(choice[0], root, at);
  switch (schema['type']) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema['required'] ?? []) out[name] = sampleOf(schema['properties']?.[name] ?? {}, root, `${at}.${name}`);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema['minItems'] ?? 1) }, (_, i) => sampleOf(schema['items'] ?? {}, root, `${at}[${i}]`));
    case 'integer':
    case 'number':
      return schema['minimum'] ?? (schema['exclusiveMinimum'] !== undefined ? schema['exclusiveMinimum'] + 1 : 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema['pattern'] || schema['format'] === 'email') throw new Error(`${at}: a constrained string without an example`);
      if (schema['format'] === 'binary') return Buffer.from('file');
      return 'x'.repeat(Math.max(1, schema['minLength'] ?? 1));
    default:
      return 'x';
  }
};

export const resolveRef = (root: Schema, ref: string): Schema =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: any, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);

/** A value the schema refuses, when there is one that says so clearly. */
export const violationOf = (schema: Schema): unknown | undefined => {
  if (schema['type'] === 'integer' || schema['type'] === 'number') return 'not-a-number';
  if (schema['enum']?.length) return 'not-one-of-them';
  if (schema['const'] !== undefined) return `not-${String(schema['const'])}`;
  if (schema['type'] === 'string' && schema['maxLength'] !== undefined) return 'y'.repeat(schema['maxLength'] + 1);
  if (schema['type'] === 'string' && schema['pattern']) return '~ not matching ~';
  if (schema['type'] === 'array') return { not: 'an array' };
  if (schema['type'] === 'boolean') return 'neither-yes-nor-no';
  return undefined;
};
