import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadOrCreateSecret } from './secrets.js';
import { DEMO_CLINIC, seedDemoIfEmpty } from './modules/demo/seed-demo.js';

function loadConfigOrExit() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Zenicall cannot start: ${error.message}`);
    process.exit(1);
  }
}

const config = loadConfigOrExit();
const jwtSecret = config.jwtSecret ?? loadOrCreateSecret(config.dataDir, 'jwt-secret').value;
// Outside production the Vapi webhook works out of the box with a generated secret (printed below).
const devVapiSecret =
  config.env !== 'production' && !config.vapi.secret && !config.vapi.hmacSecret
    ? loadOrCreateSecret(config.dataDir, 'vapi-secret').value
    : undefined;
const app = await buildApp({
  ...config,
  jwtSecret,
  vapi: devVapiSecret ? { ...config.vapi, secret: devVapiSecret } : config.vapi,
});
const demo = config.demoData ? await seedDemoIfEmpty(app.db) : null;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}

try {
  const address = await app.listen({ port: config.port, host: config.host });
  const lines = [`Zenicall is running at ${address}  (API docs: ${address}/docs)`];
  if (demo) lines.push(`Demo clinic "${DEMO_CLINIC}" seeded. Sign in as ${demo.email} / ${demo.password}`);
  if (devVapiSecret) lines.push(`Vapi webhook: POST ${address}/api/v1/webhooks/vapi with x-vapi-secret: ${devVapiSecret}`);
  console.log(lines.join('\n'));
} catch (error) {
  app.log.error({ err: error }, 'could not listen');
  process.exit(1);
}
