import { Button, Space, Typography } from 'antd';
import { fill, useTexts } from '../i18n.ts';

export interface PagerProps {
  page: number;
  total: number | undefined;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
}

/** Previous / next over cursor pages, with the total the graph reports. */
export function Pager({ page, total, hasNext, onPrev, onNext }: PagerProps) {
  const t = useTexts();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button onClick={onPrev} disabled={page <= 1}>
        {t.prev}
      </Button>
      <Typography.Text>{page}</Typography.Text>
      <Button onClick={onNext} disabled={!hasNext}>
        {t.next}
      </Button>
      {total !== undefined && (
        <Typography.Text type="secondary">{fill(t.total, { n: total })}</Typography.Text>
      )}
    </Space>
  );
}
