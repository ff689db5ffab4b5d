import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SDK = join(__dirname, '..');

/** The example's code: the file less its opening comment, which says where the example is shown. */
function exampleCode(file: string): string {
  const text = readFileSync(join(SDK, 'test-d', file), 'utf8');
  return text.replace(/^(\/\/.*\n)+\n/, '');
}

/** The fenced TypeScript blocks of a README, as written. */
function typescriptBlocks(readme: string): string[] {
  return [...readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('the README examples are the type-checked files', () => {
  // `npm run typecheck` compiles sdk/test-d/express-example.ts; this keeps the READMEs showing it.
  it.each([[join(SDK, '..', 'README.md')], [join(SDK, 'README.md')]])('%s shows sdk/test-d/express-example.ts verbatim', (readme) => {
    const code = exampleCode('express-example.ts');
    expect(code).toContain("from '@clip-moderation/sdk/express'");
    expect(typescriptBlocks(readme)).toContain(code);
  });
});
