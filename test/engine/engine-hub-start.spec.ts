import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { type FakeHub, startFakeHub } from '../support/fake-hub-server';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';
import { RED, solidImage } from '../support/colour-images';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { tempDir } from '../support/temp-dir';

/** A new user's first start: a hub id, an empty cache, and the engine scores straight away. */
describe('ModerationEngine started from a hub id', () => {
  const root = tempDir('engine-hub');
  const policies = join(root, 'policies');
  let hub: FakeHub;

  beforeAll(async () => {
    await writeTinyClipModel(join(root, 'repo'), { layout: 'huggingface' });
    mkdirSync(policies);
    writeFileSync(join(policies, 'colours.yaml'), COLOUR_POLICY_YAML);
    hub = await startFakeHub([{ id: 'acme/tiny-clip', dir: join(root, 'repo') }]);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('downloads the model into the cache, scores, and starts again offline', async () => {
    const cacheDir = join(root, 'cache');
    const logs: string[] = [];
    const options = { model: 'acme/tiny-clip', policies, cacheDir, download: { endpoint: hub.url, progress: false }, logger: (line: string) => logs.push(line) };
    const first = await ModerationEngine.create(options);
    try {
      expect(first.model.id).toBe('acme/tiny-clip');
      expect((await first.score(await solidImage(RED), 'colours')).action).toBe('block');
    } finally {
      await first.close();
    }
    expect(hub.requests.some((request) => request.path.includes('/resolve/'))).toBe(true);

    await hub.close();
    const offline = await ModerationEngine.create(options);
    try {
      expect(offline.model.hash).toBe(first.model.hash);
      expect((await offline.score(await solidImage(RED), 'colours')).action).toBe('block');
    } finally {
      await offline.close();
    }
  });
});
