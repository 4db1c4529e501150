import { Alert, Card, Col, Descriptions, Row, Skeleton, Statistic } from 'antd';
import { useMemo } from 'react';
import type { SignedIn } from '../auth.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { percent, isSchoolCode } from '../format.ts';
import { graphql } from '../gql/index.ts';
import type { DashboardRegionQuery } from '../gql/graphql.ts';
import { useTexts, type Texts } from '../i18n.ts';
import { useGraph } from '../useGraph.ts';

const DashboardRegion = graphql(`
  query DashboardRegion($code: ID!) {
    region(code: $code) {
      code
      name
      level
      indicators {
        schools
        teachingPoints
        students
        teachers
        broadbandRatio
        multimediaClassroomRatio
        teacherTrainingRatio
      }
      spaceIndicators {
        teacherRatio
        secondaryStudentRatio
      }
      children {
        code
        name
        indicators {
          broadbandRatio
          multimediaClassroomRatio
          teacherTrainingRatio
        }
      }
    }
  }
`);

const DashboardSchool = graphql(`
  query DashboardSchool($code: String!) {
    schoolByCode(code: $code) {
      code
      name
      kind
      address
      broadbandMbps
      classrooms
      multimediaClassrooms
      principal
    }
  }
`);

type Region = NonNullable<DashboardRegionQuery['region']>;

/** 宽带 and 班班通 aim at every school and class, 人人通 at 80 % / 50 %, training at every teacher. */
const TARGETS = [1, 1, 0.8, 0.5, 1];

function indicatorOption(region: Region, t: Texts): ChartOption {
  const i = region.indicators;
  const s = region.spaceIndicators;
  const names = [t.broadband, t.multimedia, t.teacherSpaces, t.studentSpaces, t.training];
  const values = [
    i.broadbandRatio,
    i.multimediaClassroomRatio,
    s.teacherRatio ?? 0,
    s.secondaryStudentRatio ?? 0,
    i.teacherTrainingRatio,
  ];
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => percent(v) },
    legend: { top: 0, data: [t.actual, t.target] },
    grid: { left: 48, right: 16, top: 48, bottom: 56 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 90, overflow: 'break' } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${v * 100}%` } },
    series: [
      {
        name: t.actual,
        type: 'bar',
        data: values,
        barMaxWidth: 48,
        label: { show: true, position: 'top', formatter: ({ value }: { value: number }) => percent(value) },
      },
      {
        name: t.target,
        type: 'scatter',
        data: TARGETS,
        symbol: 'rect',
        symbolSize: [56, 3],
        itemStyle: { color: '#d4380d' },
      },
    ],
  };
}

function childrenOption(region: Region, t: Texts): ChartOption {
  const names = region.children.map((c) => c.name);
  const series = [
    [t.broadband, (c: Region['children'][number]) => c.indicators.broadbandRatio],
    [t.multimedia, (c: Region['children'][number]) => c.indicators.multimediaClassroomRatio],
    [t.training, (c: Region['children'][number]) => c.indicators.teacherTrainingRatio],
  ] as const;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => percent(v) },
    legend: { top: 0, data: series.map(([n]) => n) },
    grid: { left: 48, right: 16, top: 48, bottom: 56 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${v * 100}%` } },
    series: series.map(([name, pick]) => ({ name, type: 'bar', data: region.children.map(pick) })),
  };
}

function RegionDashboard({ code }: { code: string }) {
  const t = useTexts();
  const { data, error } = useGraph(DashboardRegion, { code });
  const region = data?.region;
  const indicators = useMemo(() => (region ? indicatorOption(region, t) : undefined), [region, t]);
  const children = useMemo(() => (region ? childrenOption(region, t) : undefined), [region, t]);
  if (error) return <Alert type="error" title={error.message} />;
  if (!region || !indicators || !children) return <Skeleton active />;
  const i = region.indicators;
  return (
    <>
      <Row gutter={16}>
        {(
          [
            [t.schools, i.schools],
            [t.teachingPoints, i.teachingPoints],
            [t.students, i.students],
            [t.teachers, i.teachers],
          ] as const
        ).map(([title, value]) => (
          <Col xs={12} md={6} key={title}>
            <Card>
              <Statistic title={title} value={value} groupSeparator="" />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={`${region.name} · ${t.indicators}`} style={{ marginTop: 16 }}>
        <Chart option={indicators} testId="indicator-chart" />
      </Card>
      {region.children.length > 0 && (
        <Card title={t.childRegions} style={{ marginTop: 16 }}>
          <Chart option={children} testId="children-chart" />
        </Card>
      )}
    </>
  );
}

function SchoolDashboard({ code }: { code: string }) {
  const t = useTexts();
  const { data, error } = useGraph(DashboardSchool, { code });
  if (error) return <Alert type="error" title={error.message} />;
  const s = data?.schoolByCode;
  if (!s) return <Skeleton active />;
  return (
    <Card title={s.name}>
      <Alert type="info" title={t.noRegion} style={{ marginBottom: 16 }} />
      <Descriptions bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t.code}>{s.code}</Descriptions.Item>
        <Descriptions.Item label={t.kind}>{s.kind}</Descriptions.Item>
        <Descriptions.Item label={t.broadband}>{s.broadbandMbps} Mbps</Descriptions.Item>
        <Descriptions.Item label={t.multimedia}>
          {s.multimediaClassrooms} / {s.classrooms}
        </Descriptions.Item>
        <Descriptions.Item label="校长">{s.principal}</Descriptions.Item>
        <Descriptions.Item label="地址">{s.address}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 监测与评价: the caller's region's indicators against their targets, and its child regions side by side. */
export function Dashboard({ me }: { me: SignedIn }) {
  return isSchoolCode(me.org) ? <SchoolDashboard code={me.org} /> : <RegionDashboard code={me.org} />;
}
