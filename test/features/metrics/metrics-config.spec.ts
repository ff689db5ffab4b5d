import { loadEnvironment } from '../../../src/config/load-environment';

describe('metrics configuration', () => {
  it('reads the token and the worker port', () => {
    const env = loadEnvironment({ MODERATION_METRICS_TOKEN: 'a-token-of-sixteen+', MODERATION_WORKER_METRICS_PORT: '9464' });
    expect(env).toMatchObject({ MODERATION_METRICS_TOKEN: 'a-token-of-sixteen+', MODERATION_WORKER_METRICS_PORT: 9464 });
  });

  it('refuses a short token and a port out of range in one error, without echoing the token', () => {
    let caught: unknown;
    try {
      loadEnvironment({ MODERATION_METRICS_TOKEN: 'short-secret', MODERATION_WORKER_METRICS_PORT: '70000' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'CONFIG_INVALID' });
    const problems = (caught as { details: { problems: Array<{ key: string; value: string }> } }).details.problems;
    expect(problems.map((problem) => problem.key).sort()).toEqual(['MODERATION_METRICS_TOKEN', 'MODERATION_WORKER_METRICS_PORT']);
    expect(problems.find((problem) => problem.key === 'MODERATION_METRICS_TOKEN')!.value).toBe('(hidden)');
    expect((caught as Error).message).not.toContain('short-secret');
  });
});
