import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isModerationError, ModerationError } from '../../src/engine/errors/moderation-error';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import {
  ACTION_SEVERITY,
  decideCategoryAction,
  expandPrompts,
  loadPolicyFile,
  mostSevereAction,
  parsePolicy,
  Policy,
  PolicyRegistry,
  policyVersion,
} from '../../src/engine/policy';

const SHIPPED_POLICIES = join(__dirname, '..', '..', 'policies');

/** A small valid policy; tests edit copies of it. */
const VALID_YAML = `
id: shop
description: A small test policy.
templates: ["a photo of {}", "an image of {}"]
categories:
  - id: weapons
    description: Guns and knives.
    prompts: ["a handgun", "a combat knife"]
    contrastPrompts: ["a power drill"]
    scoring: contrast-softmax
    thresholds: { review: 0.5, block: 0.85 }
  - id: qr-codes
    description: QR codes.
    prompts: ["a QR code"]
    templates: []
    scoring: cosine
    thresholds: { review: 0.25, block: 0.3 }
    shadow: true
    severity: low
`;

/** The same policy with keys reordered, comments added and text re-wrapped. */
const REFORMATTED_YAML = `
# A comment that must not change the version.
description: >
  A small test policy.
categories:
  - description: Guns and knives.   # trailing comment
    thresholds:
      block: 0.85
      review: 0.5
    scoring: contrast-softmax
    id: weapons
    contrastPrompts:
      - a power drill
    prompts:
      - "a   handgun"
      - a combat knife
  - id: qr-codes
    severity: low
    shadow: true
    thresholds: { block: 0.3, review: 0.25 }
    scoring: cosine
    templates: []
    prompts: ["a QR code"]
    description: QR codes.
templates:
  - "a photo of {}"
  - "an image of {}"
id: shop
defaultAction: allow
logitScale: 100
`;

/** Runs `action` and returns the ModerationError it throws; fails the test if it throws nothing else. */
async function caught(action: () => unknown): Promise<ModerationError<string>> {
  try {
    await action();
  } catch (error) {
    if (isModerationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ModerationError, but nothing was thrown');
}

function errorFields(error: ModerationError<string>): string[] {
  return (error.details.errors as Array<{ field: string }>).map((issue) => issue.field);
}

function reasonFor(error: ModerationError<string>, field: string): string {
  const issue = (error.details.errors as Array<{ field: string; reason: string }>).find((entry) => entry.field === field);
  if (!issue) throw new Error(`no error for ${field}; got ${errorFields(error).join(', ')}`);
  return issue.reason;
}

describe('policies', () => {
  let tmpRoot: string;
  let caseNumber = 0;

  beforeAll(async () => {
    const base = join(__dirname, '..', '.tmp');
    await mkdir(base, { recursive: true });
    tmpRoot = await mkdtemp(join(base, 'policy-'));
  });

  afterAll(async () => {
    await rm(tmpRoot, { recursive: true, force: true });
  });

  /** A fresh folder holding the given files. */
  async function folderWith(files: Record<string, string>): Promise<string> {
    const dir = join(tmpRoot, `case-${++caseNumber}`);
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  }

  describe('shipped policies', () => {
    let registry: PolicyRegistry;

    beforeAll(async () => {
      registry = await PolicyRegistry.fromDirectory(SHIPPED_POLICIES);
    });

    it('loads every file in policies/ and ignores the README', () => {
      expect(registry.list().map((policy) => policy.id)).toEqual(['default', 'marketplace']);
      for (const policy of registry.list()) {
        expect(policy.version).toMatch(/^sha256:[0-9a-f]{16}$/);
        expect(policyVersion(policy)).toBe(policy.version);
        expect(policy.sourceFile).toMatch(/\.yaml$/);
      }
    });

    it('ships the default policy with the documented categories', () => {
      const policy = registry.get('default');
      expect(policy.categories.map((category) => category.id)).toEqual([
        'sexual-content',
        'graphic-violence',
        'weapons',
        'self-harm',
        'hate-symbols',
        'drugs',
      ]);
      expect(policy.defaultAction).toBe('allow');
      expect(policy.logitScale).toBe(100);
      expect(policy.categories.find((category) => category.id === 'hate-symbols')?.severity).toBe('critical');
      for (const category of policy.categories) {
        expect(category.scoring).toBe('contrast-softmax');
        expect(category.contrastPrompts.length).toBeGreaterThan(0);
        expect(category.templates).toEqual(['a photo of {}', 'an image of {}']);
        expect(category.shadow).toBe(false);
      }
    });

    it('ships a marketplace example with a shadow category and a cosine category', () => {
      const policy = registry.get('marketplace');
      expect(policy.categories.some((category) => category.shadow)).toBe(true);
      const cosine = policy.categories.find((category) => category.scoring === 'cosine');
      expect(cosine?.contrastPrompts).toEqual([]);
      expect(cosine?.templates).toEqual([]);
    });

    it('returns frozen policies', () => {
      const policy = registry.get('default');
      expect(Object.isFrozen(policy)).toBe(true);
      expect(Object.isFrozen(policy.categories[0]!.prompts)).toBe(true);
      expect(() => {
        (policy.categories[0]!.thresholds as { block: number }).block = 2;
      }).toThrow(TypeError);
    });
  });

  describe('parsePolicy', () => {
    it('reads the hash banks a policy names into its version, and leaves the version of a policy without them alone', () => {
      const plain = parsePolicy(VALID_YAML, 'shop.yaml');
      expect(plain).not.toHaveProperty('banks');
      const withBanks = parsePolicy(`${VALID_YAML}\nbanks: [removed, ncii-shared, removed]\n`, 'shop.yaml');
      expect(withBanks.banks).toEqual(['ncii-shared', 'removed']);
      expect(withBanks.version).not.toBe(plain.version);
      expect(parsePolicy(`${VALID_YAML}\nbanks: []\n`, 'shop.yaml').banks).toEqual([]);
      expect(() => parsePolicy(`${VALID_YAML}\nbanks: ["no spaces here"]\n`, 'shop.yaml')).toThrow(/banks/);
      const skipping = parsePolicy(`${VALID_YAML}\nskipModelOnBankBlock: true\n`, 'shop.yaml');
      expect(skipping.skipModelOnBankBlock).toBe(true);
      expect(skipping.version).not.toBe(plain.version);
      expect(parsePolicy(`${VALID_YAML}\nskipModelOnBankBlock: false\n`, 'shop.yaml').version).toBe(plain.version);
      expect(() => parsePolicy(`${VALID_YAML}\nskipModelOnBankBlock: "yes"\n`, 'shop.yaml')).toThrow(/skipModelOnBankBlock/);
    });

    it('applies defaults and resolves templates', () => {
      const policy = parsePolicy(VALID_YAML, 'shop.yaml');
      expect(policy).toMatchObject({ id: 'shop', defaultAction: 'allow', logitScale: 100, sourceFile: 'shop.yaml' });
      const [weapons, qr] = policy.categories;
      expect(weapons).toMatchObject({ templates: ['a photo of {}', 'an image of {}'], shadow: false, severity: 'medium' });
      expect(qr).toMatchObject({ templates: [], contrastPrompts: [], shadow: true, severity: 'low' });
    });

    it('reports every problem of a malformed policy, each with its field and reason', async () => {
      const file = join(await folderWith({}), 'broken.yaml');
      await writeFile(
        file,
        `
id: Broken_Policy
description: ""
defaultAction: maybe
logitScale: -1
templates: ["a photo of", "{} next to {}"]
categories:
  - id: weapons
    description: Guns.
    prompts: ["a handgun", ""]
    scoring: contrast-softmax
    thresholds: { review: "0.5", block: 0.9 }
  - id: weapons
    description: More guns.
    prompts: ["a rifle"]
    contrastPrompts: ["a drill"]
    scoring: softmax
    thresholds: { review: 0.5 }
    shadow: yes
  - id: gore
    description: Gore.
    prompts: ["gore"]
    contrastPrompts: ["ketchup"]
    scoring: contrast-softmax
    thresholds: { review: 0.5, block: 1.5 }
`,
      );
      const error = await caught(() => loadPolicyFile(file));
      expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
      expect(error.details.file).toBe(file);
      expect(error.message).toContain(file);
      const expected = [
        'id',
        'description',
        'defaultAction',
        'logitScale',
        'templates[0]',
        'templates[1]',
        'categories[0].prompts[1]',
        'categories[0].contrastPrompts',
        'categories[0].thresholds.review',
        'categories[1].id',
        'categories[1].scoring',
        'categories[1].thresholds.block',
        'categories[1].shadow',
        'categories[2].thresholds.block',
      ];
      expect(errorFields(error).sort()).toEqual([...expected].sort());
      for (const field of expected) {
        expect(reasonFor(error, field).length).toBeGreaterThan(5);
      }
      expect(error.message).toContain('categories[2].thresholds.block: must be between 0 and 1 for contrast-softmax scoring, got 1.5');
      expect(reasonFor(error, 'categories[1].id')).toContain('duplicates categories[0].id');
      expect(reasonFor(error, 'categories[0].contrastPrompts')).toContain('contrast-softmax');
      expect(reasonFor(error, 'templates[1]')).toContain('exactly once');
      expect(reasonFor(error, 'categories[1].thresholds.block')).toBe('is required');
    });

    it('turns a YAML syntax error into PolicyInvalid with line and column', async () => {
      const error = await caught(() => parsePolicy('id: shop\ndescription: "unterminated\ncategories: [', 'syntax.yaml'));
      expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
      expect(error.message).toContain('syntax.yaml');
      expect(error.message).toMatch(/line \d+, column \d+/);
      const [first] = error.details.errors as Array<{ line?: number; column?: number }>;
      expect(first?.line).toBeGreaterThanOrEqual(1);
      expect(first?.column).toBeGreaterThanOrEqual(1);
    });

    it('rejects duplicate keys in a mapping', async () => {
      const error = await caught(() => parsePolicy(`${VALID_YAML}\nid: other\n`, 'dup-key.yaml'));
      expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
      expect(error.message).toMatch(/unique/i);
    });

    it('rejects an empty file and a file that is not a mapping', async () => {
      for (const text of ['', '# only a comment\n', '- a list\n', 'just text']) {
        const error = await caught(() => parsePolicy(text, 'odd.yaml'));
        expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
        expect(errorFields(error)).toEqual(['(document)']);
      }
    });

    it('rejects unknown keys at every level instead of ignoring them', async () => {
      const text = VALID_YAML.replace('templates: ["a photo of {}"', 'tempaltes: ["x {}"]\ntemplates: ["a photo of {}"').replace(
        'thresholds: { review: 0.5, block: 0.85 }',
        'thresholds: { review: 0.5, block: 0.85, treshold: 0.7 }\n    sevrity: high',
      );
      const error = await caught(() => parsePolicy(text, 'typos.yaml'));
      expect(errorFields(error)).toEqual(['tempaltes', 'categories[0].sevrity', 'categories[0].thresholds.treshold']);
      expect(reasonFor(error, 'tempaltes')).toContain('not a known field');
    });

    it('rejects keys that class-transformer would drop silently', async () => {
      const error = await caught(() => parsePolicy(`${VALID_YAML}\nconstructor: 1\n__proto__: { admin: true }\n`, 'proto.yaml'));
      expect(errorFields(error).sort()).toEqual(['__proto__', 'constructor']);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('rejects a key written without a value rather than applying the default', async () => {
      const error = await caught(() => parsePolicy(VALID_YAML.replace('severity: low', 'severity:'), 'empty-value.yaml'));
      expect(errorFields(error)).toEqual(['categories[1].severity']);
    });

    it('rejects review above block', async () => {
      const error = await caught(() =>
        parsePolicy(VALID_YAML.replace('{ review: 0.5, block: 0.85 }', '{ review: 0.9, block: 0.85 }'), 'order.yaml'),
      );
      expect(errorFields(error)).toEqual(['categories[0].thresholds.review']);
      expect(error.message).toContain('categories[0].thresholds.review: must not be greater than block');
    });

    it('accepts review equal to block and negative cosine thresholds', () => {
      const text = VALID_YAML.replace('{ review: 0.5, block: 0.85 }', '{ review: 0.85, block: 0.85 }').replace(
        '{ review: 0.25, block: 0.3 }',
        '{ review: -0.2, block: 0.3 }',
      );
      expect(parsePolicy(text, 'edge.yaml').categories[1]!.thresholds.review).toBe(-0.2);
    });

    it('rejects thresholds written as strings instead of coercing them', async () => {
      const error = await caught(() => parsePolicy(VALID_YAML.replace('block: 0.85', 'block: "0.85"'), 'strings.yaml'));
      expect(errorFields(error)).toEqual(['categories[0].thresholds.block']);
    });

    it('rejects contrast prompts on cosine categories and prompts repeated as contrast', async () => {
      const text = VALID_YAML.replace('prompts: ["a QR code"]', 'prompts: ["a QR code"]\n    contrastPrompts: ["a barcode"]').replace(
        'contrastPrompts: ["a power drill"]',
        'contrastPrompts: ["a power drill", "a  handgun"]',
      );
      const error = await caught(() => parsePolicy(text, 'contrast.yaml'));
      expect(errorFields(error)).toEqual(['categories[0].contrastPrompts[1]', 'categories[1].contrastPrompts']);
    });
  });

  describe('policyVersion', () => {
    const base = parsePolicy(VALID_YAML, 'shop.yaml');

    it('ignores key order, comments, whitespace, defaults written out and the source file', () => {
      expect(parsePolicy(REFORMATTED_YAML, 'elsewhere/shop.yml').version).toBe(base.version);
    });

    it('changes when a prompt changes', () => {
      expect(parsePolicy(VALID_YAML.replace('"a combat knife"', '"a hunting knife"'), 'shop.yaml').version).not.toBe(base.version);
    });

    it('changes when a threshold changes', () => {
      expect(parsePolicy(VALID_YAML.replace('block: 0.85', 'block: 0.86'), 'shop.yaml').version).not.toBe(base.version);
    });

    it('changes when a default is overridden', () => {
      expect(parsePolicy(`${VALID_YAML}\nlogitScale: 50\n`, 'shop.yaml').version).not.toBe(base.version);
    });

    it('is sha256 over canonical JSON, independent of key order', () => {
      const a = policyVersion({ b: [1, { y: 2, x: 1 }], a: 'x' });
      const b = policyVersion({ a: 'x', b: [1, { x: 1, y: 2 }], version: 'ignored', sourceFile: 'ignored' });
      expect(a).toBe(b);
      expect(a).toMatch(/^sha256:[0-9a-f]{16}$/);
      expect(policyVersion({ a: 'x', b: [{ x: 1, y: 2 }, 1] })).not.toBe(a);
    });
  });

  describe('expandPrompts', () => {
    it('puts every prompt into every template, prompt by prompt', () => {
      expect(expandPrompts(['a gun', 'a knife'], ['a photo of {}', '{}, close up'])).toEqual([
        'a photo of a gun',
        'a gun, close up',
        'a photo of a knife',
        'a knife, close up',
      ]);
    });

    it('returns the prompts as they are without templates', () => {
      expect(expandPrompts(['a gun', 'a knife'], [])).toEqual(['a gun', 'a knife']);
    });

    it('drops duplicates and keeps the first-seen order', () => {
      expect(expandPrompts(['b', 'a', 'b'], [])).toEqual(['b', 'a']);
      expect(expandPrompts(['a', 'a'], ['{}', '{}'])).toEqual(['a']);
    });

    it('inserts prompts literally, even with $ patterns in them', () => {
      expect(expandPrompts(["a $& sign and $'"], ['a photo of {}'])).toEqual(["a photo of a $& sign and $'"]);
    });
  });

  describe('PolicyRegistry', () => {
    it('throws PolicyNotFound with the known ids for an unknown policy', async () => {
      const registry = PolicyRegistry.fromPolicies([parsePolicy(VALID_YAML, 'shop.yaml')]);
      expect(registry.has('shop')).toBe(true);
      expect(registry.has('nope')).toBe(false);
      const error = await caught(() => registry.get('nope'));
      expect(error.code).toBe(ModerationErrorCode.PolicyNotFound);
      expect(error.details).toEqual({ policyId: 'nope', knownIds: ['shop'] });
      expect(error.message).toContain('shop');
    });

    it('rejects two files with the same policy id, naming both files', async () => {
      const dir = await folderWith({ 'a.yaml': VALID_YAML, 'b.yml': REFORMATTED_YAML });
      const error = await caught(() => PolicyRegistry.fromDirectory(dir));
      expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
      expect(error.message).toContain(join(dir, 'a.yaml'));
      expect(error.message).toContain(join(dir, 'b.yml'));
      expect(error.details.file).toBe(join(dir, 'b.yml'));
    });

    it('rejects duplicate ids passed directly', async () => {
      const policy: Policy = parsePolicy(VALID_YAML, 'shop.yaml');
      const error = await caught(() => PolicyRegistry.fromPolicies([policy, policy]));
      expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
    });

    it('reads only top-level yaml files of the folder', async () => {
      const dir = await folderWith({
        'shop.yaml': VALID_YAML,
        'README.md': '# not a policy',
        'notes.txt': 'id: nope',
        '.backup.yaml': 'this: is ignored',
      });
      await mkdir(join(dir, 'nested'));
      await writeFile(join(dir, 'nested', 'other.yaml'), 'not: loaded');
      const registry = await PolicyRegistry.fromDirectory(dir);
      expect(registry.list().map((policy) => policy.id)).toEqual(['shop']);
      expect(registry.get('shop').sourceFile).toBe(join(dir, 'shop.yaml'));
    });

    it('reports an invalid file in the folder', async () => {
      const dir = await folderWith({ 'good.yaml': VALID_YAML, 'bad.yaml': 'id: bad\n' });
      const error = await caught(() => PolicyRegistry.fromDirectory(dir));
      expect(error.code).toBe(ModerationErrorCode.PolicyInvalid);
      expect(error.details.file).toBe(join(dir, 'bad.yaml'));
      expect(errorFields(error).sort()).toEqual(['categories', 'description']);
    });

    it('fails clearly for an empty or missing folder', async () => {
      const empty = await folderWith({ 'README.md': '# nothing here' });
      const emptyError = await caught(() => PolicyRegistry.fromDirectory(empty));
      expect(emptyError.code).toBe(ModerationErrorCode.PolicyNotFound);
      expect(emptyError.message).toContain('has no policy files');

      const missing = join(tmpRoot, 'does-not-exist');
      const missingError = await caught(() => PolicyRegistry.fromDirectory(missing));
      expect(missingError.code).toBe(ModerationErrorCode.PolicyNotFound);
      expect(missingError.message).toContain('does not exist');
    });

    it('reports a missing policy file as PolicyNotFound', async () => {
      const error = await caught(() => loadPolicyFile(join(tmpRoot, 'missing.yaml')));
      expect(error.code).toBe(ModerationErrorCode.PolicyNotFound);
    });
  });

  describe('actions', () => {
    const thresholds = { review: 0.5, block: 0.85 };

    it('decides by inclusive thresholds', () => {
      expect(decideCategoryAction(0.49999, thresholds)).toBe('allow');
      expect(decideCategoryAction(0.5, thresholds)).toBe('review');
      expect(decideCategoryAction(0.84999, thresholds)).toBe('review');
      expect(decideCategoryAction(0.85, thresholds)).toBe('block');
      expect(decideCategoryAction(1, thresholds)).toBe('block');
    });

    it('blocks without review when the thresholds are equal', () => {
      expect(decideCategoryAction(0.7, { review: 0.7, block: 0.7 })).toBe('block');
      expect(decideCategoryAction(0.69, { review: 0.7, block: 0.7 })).toBe('allow');
    });

    it('handles negative cosine thresholds', () => {
      expect(decideCategoryAction(-0.1, { review: -0.2, block: 0.3 })).toBe('review');
    });

    it('orders actions allow < review < block', () => {
      expect(ACTION_SEVERITY.allow).toBeLessThan(ACTION_SEVERITY.review);
      expect(ACTION_SEVERITY.review).toBeLessThan(ACTION_SEVERITY.block);
      expect(Object.isFrozen(ACTION_SEVERITY)).toBe(true);
      expect(mostSevereAction(['review', 'block', 'allow'])).toBe('block');
      expect(mostSevereAction([], 'review')).toBe('review');
    });
  });
});
