import { availableParallelism } from 'node:os';
import { engineOptionsFromEnvironment } from '../../src/config/engine-options-from-environment';
import { loadEnvironment } from '../../src/config/load-environment';
import { queueOptionsFromEnvironment } from '../../src/features/jobs/queue/queue-options-from-environment';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('the inference variables', () => {
  it('maps MODERATION_INFERENCE_SESSIONS onto the engine options and refuses a negative count', () => {
    const env = loadEnvironment({ MODERATION_INFERENCE_SESSIONS: '3', MODERATION_INFERENCE_NICE: '5' });
    expect(engineOptionsFromEnvironment(env).inference).toEqual({ sessions: 3, nice: 5 });
    expect(engineOptionsFromEnvironment(loadEnvironment({})).inference).toEqual({});
    expect(() => loadEnvironment({ MODERATION_INFERENCE_SESSIONS: '-1' })).toThrow(/MODERATION_INFERENCE_SESSIONS/);
  });

  it('maps MODERATION_PDQ onto the engine option, on unless set off', () => {
    expect(engineOptionsFromEnvironment(loadEnvironment({ MODERATION_PDQ: 'OFF' })).pdq).toBe(false);
    expect(engineOptionsFromEnvironment(loadEnvironment({ MODERATION_PDQ: 'on' })).pdq).toBe(true);
    expect(engineOptionsFromEnvironment(loadEnvironment({})).pdq).toBeUndefined();
    expect(() => loadEnvironment({ MODERATION_PDQ: 'maybe' })).toThrow(/MODERATION_PDQ/);
  });

  it('runs a batch of jobs per vision session and the next one filling, unless MODERATION_WORKER_CONCURRENCY says otherwise', () => {
    const concurrency = (vars: NodeJS.ProcessEnv): number | undefined => queueOptionsFromEnvironment(loadEnvironment({ REDIS_URL, ...vars }))?.concurrency;
    expect(concurrency({})).toBe(8 * 2);
    expect(concurrency({ MODERATION_MODEL_DTYPE: 'quantized' })).toBe(8 * (availableParallelism() + 1));
    expect(concurrency({ MODERATION_MODEL_DTYPE: 'quantized', MODERATION_INFERENCE_RUNTIME: 'in-thread' })).toBe(8 * 2);
    expect(concurrency({ MODERATION_BATCH_SIZE: '4', MODERATION_INFERENCE_SESSIONS: '3' })).toBe(4 * 4);
    expect(concurrency({ MODERATION_WORKER_CONCURRENCY: '5', MODERATION_INFERENCE_SESSIONS: '3' })).toBe(5);
  });
});
