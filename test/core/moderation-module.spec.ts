import { Readable } from 'node:stream';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { ModerationModule } from '../../src/app/moderation.module';
import { ModerationService } from '../../src/core/moderation.service';
import { RED, solidImage } from '../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';
import { ModerationDatabase } from '../../src/database/moderation-database';

/** Stands in for a host app's config service. */
@Injectable()
class HostConfig {
  constructor(readonly fixture: ModerationFixture) {}
}

describe('ModerationModule.forRootAsync', () => {
  let fixture: ModerationFixture;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    fixture = await createModerationFixture('module-async');
    @Module({ providers: [{ provide: HostConfig, useValue: new HostConfig(fixture) }], exports: [HostConfig] })
    class HostConfigModule {}
    moduleRef = await Test.createTestingModule({
      imports: [
        ModerationModule.forRootAsync({
          imports: [HostConfigModule],
          inject: [HostConfig],
          useFactory: (config: HostConfig) => ({
            model: config.fixture.modelDir,
            policies: config.fixture.policiesDir,
            cacheDir: config.fixture.cacheDir,
            defaultPolicy: 'colours',
            database: { sqlitePath: join(config.fixture.root, 'module.sqlite') },
          }),
        }),
      ],
    }).compile();
    await moduleRef.init();
  });

  it('moderates a stream, stores the decision and reuses it for the same content', async () => {
    const service = moduleRef.get(ModerationService);
    const image = await solidImage(RED);
    const first = await service.moderate(Readable.from([image.subarray(0, 100), image.subarray(100)]), { subject: 'u1' });
    expect(first).toMatchObject({ action: 'block', reused: false, subject: 'u1', policy: { id: 'colours' } });
    const again = await service.moderate(image);
    expect(again).toMatchObject({ id: first.id, reused: true });
    const fresh = await service.moderate(image, { fresh: true });
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.reused).toBe(false);
    expect((await service.getDecision(first.id)).categories.find((category) => category.id === 'red')!.thresholds).toEqual({ review: 0.5, block: 0.85 });
    expect(await service.getPolicyVersion('colours', first.policy.version)).toMatchObject({ id: 'colours', version: first.policy.version });
  });

  it('refuses a stream over the byte limit while reading it', async () => {
    const service = moduleRef.get(ModerationService);
    const engine = moduleRef.get(ModerationEngine);
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 65536;
        this.push(Buffer.alloc(65536));
      },
    });
    await expect(service.moderate(endless)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    expect(produced).toBeLessThan(engine.limits.maxBytes + 4 * 65536);
  });

  it('closes the model sessions and the database on shutdown', async () => {
    const engine = moduleRef.get(ModerationEngine);
    const dataSource = moduleRef.get(ModerationDatabase).dataSource;
    await moduleRef.close();
    expect(engine.isClosed).toBe(true);
    expect(dataSource.isInitialized).toBe(false);
  });
});
