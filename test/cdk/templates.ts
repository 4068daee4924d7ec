import { Stack, type App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The templates of a stack split into nested stacks (lib/area-stack.ts), as CloudFormation gets
 * them, and one flattened view for the checks that read "the stack": every nested template's
 * resources in one map, each `Ref` to a nested stack's parameter replaced by what the root passes
 * in (`{Ref: 'referencetoTestTable…Arn'}` → `{'Fn::GetAtt': ['TableCD117FA1', 'Arn']}`) and each
 * root reference to a nested output by the output's value. So a check asserts on what a function is
 * granted as if it sat beside the table, and the limits test reads the real templates.
 */
export type CfnTemplate = {
  Resources: Record<string, { Type: string; Properties?: Record<string, any>; [key: string]: unknown }>;
  Outputs?: Record<string, { Value: unknown; [key: string]: unknown }>;
  Parameters?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  [key: string]: unknown;
};

export interface StackTemplates {
  root: CfnTemplate;
  /** Each nested stack: its construct id, its logical id in the root, its template and the template's size in bytes as written. */
  nested: { name: string; logicalId: string; template: CfnTemplate; bytes: number }[];
  rootBytes: number;
}

/** Reads a synthesized stack's templates from the cloud assembly directory. */
export const readTemplates = (stack: Stack, assemblyDir: string): StackTemplates => {
  const read = (file: string) => {
    const text = readFileSync(join(assemblyDir, file), 'utf8');
    return { template: JSON.parse(text) as CfnTemplate, bytes: Buffer.byteLength(text) };
  };
  const nestedStacks = stack.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c.nested && c.nestedStackParent === stack);
  const root = read(stack.templateFile);
  return {
    root: root.template,
    rootBytes: root.bytes,
    nested: nestedStacks.map((n) => ({
      name: n.node.id,
      logicalId: stack.getLogicalId(n.nestedStackResource as never),
      ...read(n.templateFile),
    })),
  };
};

/** Synthesizes the app (bundling as its context says) and reads the stack's templates. */
export const synthTemplates = (app: App, stack: Stack): StackTemplates => readTemplates(stack, app.synth().directory);

const substitute = (value: unknown, replace: (node: Record<string, unknown>) => unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => substitute(v, replace));
  if (value && typeof value === 'object') {
    const replaced = replace(value as Record<string, unknown>);
    if (replaced !== undefined) return replaced;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, replace)]));
  }
  return value;
};

/** One template as if nothing were nested (see above). */
export const flatten = ({ root, nested }: StackTemplates): CfnTemplate => {
  const resources: CfnTemplate['Resources'] = Object.fromEntries(
    Object.entries(root.Resources).filter(([id]) => !nested.some((n) => n.logicalId === id)),
  );
  const outputs = new Map<string, unknown>();
  for (const { logicalId, template } of nested) {
    const params = (root.Resources[logicalId]!.Properties?.['Parameters'] ?? {}) as Record<string, unknown>;
    const resolved = substitute(template, (node) => {
      const keys = Object.keys(node);
      return keys.length === 1 && typeof node['Ref'] === 'string' && node['Ref'] in params ? params[node['Ref']] : undefined;
    }) as CfnTemplate;
    for (const [id, resource] of Object.entries(resolved.Resources)) {
      // One map only works if logical ids are unique across the templates; a clash fails loudly.
      if (id in resources) throw new Error(`${id} is in two templates: the flattened view would hide one`);
      resources[id] = resource;
    }
    for (const [name, output] of Object.entries(resolved.Outputs ?? {})) outputs.set(`${logicalId}.Outputs.${name}`, output.Value);
  }
  const fromOutputs = (node: Record<string, unknown>) => {
    const getAtt = node['Fn::GetAtt'];
    return Array.isArray(getAtt) && Object.keys(node).length === 1 ? outputs.get(`${getAtt[0]}.${getAtt[1]}`) : undefined;
  };
  return substitute({ ...root, Resources: resources }, fromOutputs) as CfnTemplate;
};
