import type { MatchMode } from './data/reply-rules';
import { normalizeKeyword } from './keywords';
import type { Reply } from './reply-schema';

/**
 * An account's reply rules compiled for matching (pure: built once per rule-set version, then
 * read by every message). Exact keywords are a hash lookup; `contains` keywords are one
 * Aho-Corasick automaton over their normalized forms, so a message is scanned once whatever the
 * number of rules. The winner among `contains` matches is the longest keyword ("coffee beans"
 * beats "coffee"), ties broken by keyword order, as the rules have always been matched.
 */
export interface MatchableRule {
  /** The normalized keyword (see normalizeKeyword). */
  normalized: string;
  match: MatchMode;
  reply: Reply;
}

export interface RuleSet {
  readonly size: number;
  readonly exact: ReadonlyMap<string, MatchableRule>;
  readonly contains: Automaton | undefined;
}

interface Node {
  next: Map<string, number>;
  fail: number;
  /** The best rule ending here or at any suffix (via fail links), precomputed. */
  best: MatchableRule | undefined;
}

export interface Automaton {
  nodes: Node[];
}

/** Longer wins; equal lengths: the keyword first in code-point order. */
const better = (a: MatchableRule | undefined, b: MatchableRule | undefined): MatchableRule | undefined => {
  if (!a) return b;
  if (!b) return a;
  if (a.normalized.length !== b.normalized.length) return a.normalized.length > b.normalized.length ? a : b;
  return a.normalized < b.normalized ? a : b;
};

const buildAutomaton = (rules: MatchableRule[]): Automaton | undefined => {
  if (rules.length === 0) return undefined;
  const nodes: Node[] = [{ next: new Map(), fail: 0, best: undefined }];
  for (const rule of rules) {
    let at = 0;
    // Iterate by code point so a surrogate pair is one step, as in the scan below.
    for (const ch of rule.normalized) {
      let to = nodes[at]!.next.get(ch);
      if (to === undefined) {
        to = nodes.length;
        nodes.push({ next: new Map(), fail: 0, best: undefined });
        nodes[at]!.next.set(ch, to);
      }
      at = to;
    }
    nodes[at]!.best = better(nodes[at]!.best, rule);
  }
  // Breadth-first: a node's fail link points to a shallower node, whose `best` is final by then.
  const queue: number[] = [];
  for (const child of nodes[0]!.next.values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head]!;
    const node = nodes[at]!;
    node.best = better(node.best, nodes[node.fail]!.best);
    for (const [ch, child] of node.next) {
      let fail = node.fail;
      while (fail !== 0 && !nodes[fail]!.next.has(ch)) fail = nodes[fail]!.fail;
      const target = nodes[fail]!.next.get(ch);
      nodes[child]!.fail = target !== undefined && target !== child ? target : 0;
      queue.push(child);
    }
  }
  return { nodes };
};

export const compileRules = (rules: MatchableRule[]): RuleSet => {
  const exact = new Map<string, MatchableRule>();
  const contains: MatchableRule[] = [];
  for (const rule of rules) {
    if (rule.match === 'contains' && !rule.normalized.startsWith('@')) contains.push(rule);
    else exact.set(rule.normalized, rule);
  }
  return { size: rules.length, exact, contains: buildAutomaton(contains) };
};

export const emptyRuleSet: RuleSet = compileRules([]);

/** The best `contains` keyword found in the text, in one pass over it. */
const scan = (automaton: Automaton, text: string): MatchableRule | undefined => {
  const { nodes } = automaton;
  let at = 0;
  let found: MatchableRule | undefined;
  for (const ch of text) {
    for (;;) {
      const to = nodes[at]!.next.get(ch);
      if (to !== undefined) {
        at = to;
        break;
      }
      if (at === 0) break;
      at = nodes[at]!.fail;
    }
    const best = nodes[at]!.best;
    if (best !== undefined && best !== found) found = better(found, best);
  }
  return found;
};

/**
 * The rule answering a text (or a menu key): the exact keyword, then the best `contains`
 * keyword, then `@default`. Text starting with "@" never reaches a reserved keyword.
 */
export const matchText = (rules: RuleSet, text: string): MatchableRule | undefined => {
  const normalized = normalizeKeyword(text);
  if (normalized && !normalized.startsWith('@')) {
    const exact = rules.exact.get(normalized);
    if (exact) return exact;
    const contained = rules.contains ? scan(rules.contains, normalized) : undefined;
    if (contained) return contained;
  }
  return rules.exact.get('@default');
};

/** A new follower: the rule for the QR scene they came through, else `@subscribe`. */
export const matchSubscribe = (rules: RuleSet, scene: string | undefined): MatchableRule | undefined =>
  (scene ? rules.exact.get(normalizeKeyword(`@subscribe:${scene}`)) : undefined) ?? rules.exact.get('@subscribe');
