import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/create-db.js';
import type { Database } from './db/database.js';
import { createTokenSigner, type TokenSigner } from './modules/auth/tokens.js';
import { createSessions, type Sessions } from './modules/auth/sessions.js';
import { authSchemas } from './modules/auth/schemas.js';
import { loginRoutes, meRoutes } from './modules/auth/routes.js';
import { callLogSchemas } from './modules/call-logs/schemas.js';
import { callLogRoutes } from './modules/call-logs/routes.js';
import { callerHistoryRoutes } from './modules/caller-history/routes.js';
import { clinicSchemas } from './modules/clinics/schemas.js';
import { clinicRoutes } from './modules/clinics/routes.js';
import { userSchemas } from './modules/users/schemas.js';
import { userRoutes } from './modules/users/routes.js';
import { clinicRouteSchemas } from './modules/clinic-routes/schemas.js';
import { clinicRouteRoutes } from './modules/clinic-routes/routes.js';
import { webhookSchemas } from './modules/webhooks/schemas.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { webhookEventRoutes } from './modules/webhooks/event-routes.js';
import { countRetryBacklog } from './modules/webhooks/inbox.js';
import { RETRY_POLICY } from './modules/webhooks/retry-policy.js';
import { startWebhookRetries } from './modules/webhooks/retry-loop.js';
import { createRecordingLinks, type RecordingLinks } from './modules/recordings/links.js';
import { recordingRoutes } from './modules/recordings/routes.js';
import { retentionSchemas } from './modules/retention/schemas.js';
import { retentionRoutes } from './modules/retention/routes.js';
import { workQueueSchemas } from './modules/work-queue/schemas.js';
import { workSettingsRoutes } from './modules/work-queue/routes.js';
import { startRetentionPurge } from './modules/retention/purge-loop.js';
import { activitySchemas } from './modules/activity/schemas.js';
import { activityRoutes } from './modules/activity/routes.js';
import { createViewAudit, type ViewAudit } from './modules/activity/view-audit.js';
import { noteSchemas } from './modules/notes/schemas.js';
import { noteRoutes } from './modules/notes/routes.js';
import { callbackAttemptSchemas } from './modules/callback-attempts/schemas.js';
import { callbackAttemptRoutes } from './modules/callback-attempts/routes.js';
import { startVapiReconcile } from './modules/vapi-reconcile/schedule.js';
import { createWebhookSpool, type WebhookSpool } from './modules/webhooks/spool.js';
import { startSpoolDrainer } from './modules/webhooks/spool-drainer.js';
import { installHealth } from './plugins/health.js';
import { installAuthentication } from './plugins/auth.js';
import { checkErrorsDocumented, installErrorHandling, sendFrameworkError } from './plugins/errors.js';
import { installMetrics } from './plugins/metrics.js';
import { installOpenApi } from './plugins/openapi.js';
import { installValidation } from './plugins/validation.js';
import { installDashboard } from './plugins/web.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { loggerOptions, RequestLog, type LogStream } from './plugins/request-log.js';
import { prepareDatabase } from './prepare-database.js';
import { createCallLogEventHub, type CallLogEventHub } from './modules/call-logs/live-updates.js';
import { installLiveStreams } from './modules/call-logs/live-streams.js';
import { installPresence } from './modules/presence/install.js';
import { presenceRoutes } from './modules/presence/routes.js';
import { sharedSchemas } from './shared/schemas.js';
import { version } from './version.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
    db: Kysely<Database>;
    tokens: TokenSigner;
    sessions: Sessions;
    callLogEvents: CallLogEventHub;
    recordingLinks: RecordingLinks;
    /** Webhook deliveries kept on local disk while the database cannot take them (`backlog()` for gauges). */
    webhookSpool: WebhookSpool;
    /** Who viewed which call: queued and written in batches (activity/view-audit.ts). */
    viewAudit: ViewAudit;
  }
}

/** The configuration once the server has resolved its secrets. */
export type AppConfig = Config & { jwtSecret: string };

export interface AppOptions {
  /** An already open database (tests share one per file); otherwise opened from `config.databaseUrl`. */
  database?: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
  /** Write the log (at `config.logLevel`) here instead of stdout; tests read what a run logged. */
  logStream?: LogStream;
  /** Where live call-log updates go; by default chosen from the configuration (Redis, cluster, in-process). */
  callLogEvents?: CallLogEventHub;
  /**
   * Bring the schema up to date and create the configured administrator first (default; never the demo).
   * Cluster workers skip it: the primary has done it.
   */
  migrate?: boolean;
  /** Run the webhook retry loop, the Vapi reconciler and the retention purge (default). In a cluster only one worker does. */
  backgroundJobs?: boolean;
  /** How long view records wait before they are written (default about a second); tests make it long to see that closing writes them. */
  viewAuditFlushMs?: number;
  /** Tests: answer 500 UNDOCUMENTED_ERROR when a route returns an error its OpenAPI responses do not list. */
  checkErrorsDocumented?: boolean;
}

const ALL_SCHEMAS = [
  ...sharedSchemas,
  ...clinicSchemas,
  ...callLogSchemas,
  ...userSchemas,
  ...authSchemas,
  ...clinicRouteSchemas,
  ...webhookSchemas,
  ...retentionSchemas,
  ...workQueueSchemas,
  ...activitySchemas,
  ...noteSchemas,
  ...callbackAttemptSchemas,
];

/** The one app factory: the server and every test build Zenicall through here. */
export async function buildApp(config: AppConfig, options: AppOptions = {}): Promise<FastifyInstance> {
  const { timeouts } = config;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel, options.logStream),
    // One line per request, without its URL or body, instead of Fastify's two.
    logController: new RequestLog(),
    // A proxy's x-request-id becomes the request id, so one request can be followed across logs.
    requestIdHeader: 'x-request-id',
    // A number of hops is what proxy-addr means by it; Fastify's types only take it as a function.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // A client that trickles its headers or body, or goes silent, gives its socket back.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      // Node checks those two deadlines on this period (30 s by default), so a timeout is kept to within a quarter of it.
      connectionsCheckingInterval: Math.min(5000, Math.max(100, Math.floor(timeouts.headersMs / 4))),
    },
    frameworkErrors: (error, request, reply) => void sendFrameworkError(error, request, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const database =
    options.database ??
    createDatabase({
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      statementTimeoutMs: config.dbStatementTimeoutMs,
    });
  if (!options.database) app.addHook('onClose', () => database.destroy());
  if (options.migrate ?? true) await prepareDatabase(database.db, { admin: config.admin });

  app.decorate('config', config);
  app.decorate('db', database.db);
  app.decorate('tokens', createTokenSigner(config.jwtSecret, config.tokenTtlSeconds));
  app.decorate('recordingLinks', createRecordingLinks(config.jwtSecret, config.recordingLinkSeconds));
  const callLogEvents = options.callLogEvents ?? createCallLogEventHub({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
  app.decorate('callLogEvents', callLogEvents);
  app.addHook('onClose', () => callLogEvents.close());
  installPresence(app, { ttlMs: config.presenceTtlSeconds * 1000, redisUrl: config.redisUrl, redisPrefix: config.redisPrefix });
  installLiveStreams(app, config.liveStreams);
  const sessions = createSessions(database.db, callLogEvents);
  app.decorate('sessions', sessions);
  app.addHook('onClose', async () => sessions.close());
  const viewAudit = createViewAudit(database.db, { flushMs: options.viewAuditFlushMs, log: app.log });
  app.decorate('viewAudit', viewAudit);
  // onClose hooks run last-added first: this one writes the queued views before the database closes.
  app.addHook('onClose', () => viewAudit.close());
  const webhookSpool = createWebhookSpool(join(config.dataDir, 'spool.sqlite'));
  app.decorate('webhookSpool', webhookSpool);

  for (const schema of ALL_SCHEMAS) app.addSchema(schema);
  installValidation(app, ALL_SCHEMAS);
  installErrorHandling(app);
  if (options.checkErrorsDocumented) checkErrorsDocumented(app);
  installAuthentication(app);
  installSecurityHeaders(app);
  await installOpenApi(app, version, { public: config.publicDocs });
  installMetrics(app, config.metricsToken);
  app.metrics.addCollectedGauge(
    'zenicall_webhook_retry_backlog',
    'Webhook deliveries that failed and wait for a retry.',
    () => countRetryBacklog(database.db, RETRY_POLICY.maxAttempts),
    { aggregate: 'max' },
  );
  // Every worker of a machine reads the one spool file: `max`, not counted once per worker.
  app.metrics.addCollectedGauge(
    'zenicall_webhook_spool_backlog',
    'Webhook deliveries kept in the local spool, waiting for the database.',
    () => webhookSpool.backlog(),
    { aggregate: 'max' },
  );
  app.metrics.addCollectedGauge('zenicall_live_streams_open', 'Live-update streams open (dashboard tabs).', () => app.liveStreams.count(), {
    aggregate: 'sum',
  });
  await installDashboard(app, { sourceMaps: config.publicSourceMaps });

  installHealth(app);

  await app.register(
    async (api) => {
      await api.register(loginRoutes);
      await api.register(webhookRoutes);
      await api.register(recordingRoutes);
      // Everything registered in this scope needs a valid bearer token.
      await api.register(async (protectedScope) => {
        protectedScope.addHook('onRequest', (request) => protectedScope.authenticate(request));
        await protectedScope.register(meRoutes);
        await protectedScope.register(clinicRoutes);
        await protectedScope.register(callLogRoutes);
        await protectedScope.register(callerHistoryRoutes);
        await protectedScope.register(presenceRoutes);
        await protectedScope.register(userRoutes);
        await protectedScope.register(clinicRouteRoutes);
        await protectedScope.register(webhookEventRoutes);
        await protectedScope.register(retentionRoutes);
        await protectedScope.register(workSettingsRoutes);
        await protectedScope.register(activityRoutes);
        await protectedScope.register(noteRoutes);
        await protectedScope.register(callbackAttemptRoutes);
      });
    },
    { prefix: '/api/v1' },
  );

  if (options.backgroundJobs ?? true) {
    startWebhookRetries(app);
    startRetentionPurge(app);
    startVapiReconcile(app);
  }
  startSpoolDrainer(app);
  // After the drainer's own onClose hook (hooks run in order), which waits for a pass in progress.
  app.addHook('onClose', async () => webhookSpool.close());
  return app;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;
