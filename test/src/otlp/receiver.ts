import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportTraceServiceRequest } from './traceSchema.ts';

/** One span as the receiver got it, ids in hex, attributes as plain values. */
export interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (traces arrive at `/v1/traces`). */
  url: string;
  spans: ReceivedSpan[];
  /** Content types of the exports received (`application/x-protobuf`, `application/json`). */
  contentTypes: Set<string>;
  /** Resolves once `predicate` holds for the spans received, or rejects after `timeoutMs`. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

type Any = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: unknown;
  doubleValue?: number;
  arrayValue?: { values?: Any[] };
};
const valueOf = (v: Any | undefined): unknown =>
  v?.stringValue ??
  v?.boolValue ??
  (v?.intValue !== undefined ? Number(v.intValue) : undefined) ??
  v?.doubleValue ??
  v?.arrayValue?.values?.map(valueOf);

const attrs = (list: { key: string; value?: Any }[] | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));

/** OTLP/JSON carries ids in hex, protobuf in bytes (decoded by protobufjs as Buffers). */
const hex = (id: unknown) =>
  typeof id === 'string' ? id.toLowerCase() : id ? Buffer.from(id as Uint8Array).toString('hex') : '';

interface Decoded {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: Any }[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: unknown;
        spanId: unknown;
        parentSpanId?: unknown;
        name: string;
        kind?: number;
        attributes?: { key: string; value?: Any }[];
      }[];
    }[];
  }[];
}

function flatten(body: Decoded): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
    for (const ss of rs.scopeSpans ?? [])
      for (const s of ss.spans ?? [])
        out.push({
          service,
          scope: ss.scope?.name ?? '',
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          name: s.name,
          kind: s.kind ?? 0,
          attributes: attrs(s.attributes),
        });
  }
  return out;
}

/**
 * An OTLP/HTTP trace receiver on a free 127.0.0.1 port, in the test's own process: protobuf
 * bodies decoded with protobufjs, JSON ones parsed. Answers every export with 200.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const raw = Buffer.concat(chunks);
      try {
        if (req.url !== '/v1/traces') throw new Error(`unexpected path ${req.url}`);
        contentTypes.add(type);
        const body =
          type === 'application/json'
            ? (JSON.parse(raw.toString('utf8')) as Decoded)
            : (ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(raw)) as Decoded);
        spans.push(...flatten(body));
        res.writeHead(200, { 'content-type': type || 'application/x-protobuf' });
        res.end(type === 'application/json' ? '{}' : undefined);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(spans)) {
        if (Date.now() > deadline)
          throw new Error(`spans not received in ${timeoutMs} ms (${spans.length} so far)`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return spans;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
