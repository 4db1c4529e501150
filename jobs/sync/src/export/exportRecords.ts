import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { regionPath } from '@edugraph/shared/identifiers';
import iconv from 'iconv-lite';
import type { HubClient } from '../hub/hubClient.ts';
import type { RecordKind } from '../kinds.ts';
import { exportCell, exportColumns } from '../records/columns.ts';
import { csvLines } from './csvCells.ts';
import { listDocument, listQueries } from './listQueries.ts';

/**
 * `export`: pages through a kind's list query (limited to a region's subtree, or a school)
 * and writes each record to NDJSON or CSV with English or JY/T columns, page by page with
 * back-pressure: memory holds one page whatever the export's size. Without the personal-data
 * scope the hub masks ID numbers and birth dates, and so does the file. CSV cells that a
 * spreadsheet would run as a formula are neutralised (csvCells.ts).
 */
export interface ExportOptions {
  client: HubClient;
  kind: RecordKind;
  region?: string;
  school?: string;
  format: 'ndjson' | 'csv';
  columns: 'english' | 'jyt';
  encoding?: 'utf8' | 'gb18030';
  bom?: boolean;
  pageSize?: number;
  out: Writable;
  signal?: AbortSignal;
  onPage?: (written: number, total: number) => void;
}

export interface ExportSummary {
  records: number;
  total: number;
  interrupted: boolean;
  seconds: number;
}

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Record<string, any>[];
}

export async function exportRecords(options: ExportOptions): Promise<ExportSummary> {
  const started = Date.now();
  const { kind, columns: style } = options;
  const query = listQueries[kind];
  const encode = (text: string) =>
    options.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
  const write = async (text: string) => {
    if (!options.out.write(encode(text))) await once(options.out, 'drain');
  };
  const bindings = exportColumns(kind, style);
  const cells = (record: Record<string, unknown>) =>
    bindings.map((b) => exportCell(kind, style, b.field, record[b.field]));
  const line = (record: Record<string, unknown>) => {
    if (style === 'english') return JSON.stringify(record);
    const c = cells(record);
    return JSON.stringify(Object.fromEntries(bindings.map((b, i) => [b.column, c[i]])));
  };

  const filter: Record<string, string> = {};
  if (options.region && query.regionFilter) filter.regionCode = options.region;
  if (options.school && query.regionFilter) filter.schoolCode = options.school;
  const inRegion = (record: Record<string, unknown>) =>
    !options.region ||
    query.regionFilter ||
    query.shared === true ||
    regionPath(String(record.code)).includes(options.region);

  const bom = options.bom ? '\uFEFF' : '';
  if (options.format === 'csv') await write(bom + csvLines([bindings.map((b) => b.column)]));
  else if (bom) await write(bom);

  let after: string | null = null;
  let records = 0;
  let total = 0;
  for (;;) {
    if (options.signal?.aborted) break;
    const data: { page: Page } = await options.client.request<{ page: Page }>(listDocument(kind), {
      filter: Object.keys(filter).length ? filter : null,
      first: options.pageSize ?? 100,
      after,
    });
    const page = data.page;
    total = page.totalCount;
    const rows = page.nodes.map(query.toRecord).filter(inRegion);
    if (rows.length) {
      await write(options.format === 'csv' ? csvLines(rows.map(cells)) : rows.map(line).join('\n') + '\n');
    }
    records += rows.length;
    options.onPage?.(records, total);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  return { records, total, interrupted: !!options.signal?.aborted, seconds: (Date.now() - started) / 1000 };
}
