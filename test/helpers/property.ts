import fc from 'fast-check';

/**
 * Property tests run with a fixed seed, so a run is the same on every machine and a red CI run can be replayed;
 * FC_SEED (and FC_PATH, to jump straight to the shrunk counterexample) override it. A failure's message starts
 * with the exact variables that replay it, before fast-check's own report (counterexample, shrink count).
 */
export const DEFAULT_SEED = 20261204;

function seedFromEnvironment(): number {
  const text = process.env.FC_SEED;
  if (text === undefined || text === '') return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(text)}`);
  return seed;
}

export async function assertAsyncProperty<Ts>(property: fc.IAsyncProperty<Ts>, params: fc.Parameters<Ts> = {}): Promise<void> {
  const path = process.env.FC_PATH;
  const details = await fc.check(property, { ...params, seed: seedFromEnvironment(), ...(path ? { path } : {}) });
  if (!details.failed) return;
  const replay = `Replay with FC_SEED=${details.seed}${details.counterexamplePath ? ` FC_PATH=${details.counterexamplePath}` : ''}`;
  throw new Error(`${replay}\n${fc.defaultReportMessage(details)}`, { cause: details.errorInstance });
}
