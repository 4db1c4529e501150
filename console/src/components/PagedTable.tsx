import { Alert, Table, type TableProps } from 'antd';
import type { Connection, PagedList } from '../useGraph.ts';
import { Pager } from './Pager.tsx';

export interface PagedTableProps<T, C extends Connection> extends Omit<
  TableProps<T>,
  'dataSource' | 'loading' | 'pagination'
> {
  /** The list from `usePagedList`. */
  paged: PagedList<C>;
  /** The table's rows in the current page's connection (its `nodes`, or its `edges`). */
  rows: (list: C) => readonly T[];
  'data-testid'?: string;
}

/**
 * The console's list: the query's error, a compact table of the current page (no client-side
 * pagination: pages come from the graph) and previous / next with the graph's total.
 */
export function PagedTable<T extends object, C extends Connection>({
  paged,
  rows,
  ...table
}: PagedTableProps<T, C>) {
  return (
    <>
      {paged.error && <Alert type="error" title={paged.error.message} />}
      <Table<T>
        size="small"
        pagination={false}
        loading={paged.loading}
        dataSource={paged.list ? rows(paged.list) : []}
        {...table}
      />
      <Pager {...paged.pager} />
    </>
  );
}
