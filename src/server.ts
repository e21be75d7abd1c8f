import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadOrCreateSecret } from './secrets.js';

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
const app = await buildApp({ ...config, jwtSecret });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}

try {
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Zenicall is running at ${address} — API docs at ${address}/docs`);
} catch (error) {
  app.log.error({ err: error }, 'could not listen');
  process.exit(1);
}
