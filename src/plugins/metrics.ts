import cluster from 'node:cluster';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Errors } from '../shared/errors.js';
import { errorResponses } from '../shared/schemas.js';

/**
 * Prometheus metrics (prom-client), one registry per app. Labels carry route patterns
 * (`/api/v1/call-logs/:call_log_id`), methods, statuses, providers and outcomes: never a URL, a query
 * or a body, so no patient data reaches the metrics.
 *
 * With several server processes (node:cluster) a scrape reaches one worker, which asks the primary;
 * the primary collects every worker's registry and adds them up (prom-client's AggregatorRegistry):
 * counters and histograms sum, process-wide gauges sum, gauges read from the shared database take
 * the largest answer rather than counting the same rows once per worker.
 */
export interface Metrics {
  /** One processing of a webhook delivery (`source`: first delivery or retry) and its outcome. */
  countIngestion(provider: string, outcome: string, source: 'delivery' | 'retry'): void;
  /**
   * A gauge read when scraped. `aggregate`: `sum` for what each process holds (open streams), `max`
   * for what all processes see alike (a backlog in the database or the shared spool). A `collect`
   * that fails or takes more than 2 s leaves the gauge out of that scrape rather than failing it.
   */
  addCollectedGauge(name: string, help: string, collect: () => number | Promise<number>, options?: { aggregate?: 'sum' | 'max' }): void;
  /** The metrics in Prometheus' text format: this process's, or in a cluster every worker's. */
  text(): Promise<string>;
  readonly contentType: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const COLLECT_TIMEOUT_MS = 2_000;

/** The registry, the request metrics and `GET /metrics`; installed before any route, so every route is measured. */
export function installMetrics(app: FastifyInstance, token: string | undefined): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'zenicall_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status.',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'zenicall_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingestions = new Counter({
    name: 'zenicall_webhook_ingestions_total',
    help: 'Webhook deliveries processed, by provider and outcome (processed, duplicate, unrouted, failed, rejected, unstorable, ignored, spooled); source: delivery or retry.',
    labelNames: ['provider', 'outcome', 'source'] as const,
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // The pattern the router matched, never the URL itself: ids, searches and phone digits stay out.
    const labels = {
      method: HTTP_METHODS.has(request.method) ? request.method : 'OTHER',
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  const metrics: Metrics = {
    countIngestion: (provider, outcome, source) => ingestions.inc({ provider, outcome, source }),
    addCollectedGauge(name, help, collect, { aggregate = 'sum' } = {}) {
      new Gauge({
        name,
        help,
        registers: [registry],
        aggregator: aggregate,
        async collect() {
          this.reset();
          try {
            this.set(await withTimeout(Promise.resolve(collect()), COLLECT_TIMEOUT_MS));
          } catch (error) {
            app.log.warn(
              { gauge: name, reason: error instanceof Error ? error.message : String(error) },
              'a metrics gauge could not be read',
            );
          }
        },
      });
    },
    text: cluster.isWorker ? askPrimaryForMetrics : () => registry.metrics(),
    contentType: registry.contentType,
  };
  if (cluster.isWorker) {
    // Answers the primary's AggregatorRegistry with this registry (the constructor installs the listener).
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }
  app.decorate('metrics', metrics);

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (bearer ZENICALL_METRICS_TOKEN)',
        description:
          'Request counts and latency by route pattern, webhook ingestion outcomes, backlogs, open live streams, process figures; in a cluster, all workers together. Not a staff token: the metrics token.',
        response: {
          200: Type.String({ description: 'Prometheus text exposition format.' }),
          ...errorResponses('metricsUnauthorized', 'metricsNotConfigured'),
        },
      },
    },
    async (request, reply) => {
      checkMetricsToken(request.headers.authorization, token);
      const text = await metrics.text();
      return reply.type(metrics.contentType).send(text);
    },
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** `Authorization: Bearer <ZENICALL_METRICS_TOKEN>`, compared in constant time; no token configured, no metrics. */
export function checkMetricsToken(authorization: string | undefined, token: string | undefined): void {
  if (!token) throw Errors.metricsNotConfigured();
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  if (!timingSafeEqual(digest(presented), digest(token))) throw Errors.metricsUnauthorized();
}

const METRICS_REQUEST = 'zenicall:metrics-request';
const METRICS_RESPONSE = 'zenicall:metrics-response';

interface MetricsMessage {
  type: string;
  id: number;
  text?: string;
  error?: string;
}

let nextRequestId = 0;

/** A worker's scrape: the primary gathers every worker's metrics and sends back their sum. */
function askPrimaryForMetrics(): Promise<string> {
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: MetricsMessage) => {
      if (message?.type !== METRICS_RESPONSE || message.id !== id) return;
      finish();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error('the primary process did not answer with the metrics within 10 s'));
    }, 10_000);
    const finish = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    process.send!({ type: METRICS_REQUEST, id });
  });
}

/** The primary of a cluster: answers each worker's scrape with all workers' metrics added up. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== METRICS_REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
      (error: unknown) => worker.send({ type: METRICS_RESPONSE, id: message.id, error: String(error) }),
    );
  });
}
