import { Card, Col, Input, Row, Tabs, Tag, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useState } from 'react';
import type { SignedIn } from '../auth.ts';
import { PagedTable } from '../components/PagedTable.tsx';
import { isSchoolCode } from '../format.ts';
import { graphql } from '../gql/index.ts';
import { request } from '../graph.ts';
import { useTexts } from '../i18n.ts';
import { usePagedList } from '../useGraph.ts';
import { People } from './People.tsx';

const RegionNode = graphql(`
  query RegionNode($code: ID!) {
    region(code: $code) {
      code
      name
      children {
        code
        name
        level
      }
    }
  }
`);

const SchoolList = graphql(`
  query SchoolList($filter: SchoolFilter, $after: String) {
    schools(filter: $filter, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        code
        name
        kind
        isTeachingPoint
        centralSchool {
          name
        }
        classes(first: 50) {
          nodes {
            code
            name
            grade
          }
        }
      }
    }
  }
`);

/** The region tree under the caller's region, children loaded when a node opens. */
function RegionTree({ root, onSelect }: { root: string; onSelect: (code: string) => void }) {
  const [nodes, setNodes] = useState<TreeDataNode[]>([]);
  const load = async (code: string) => {
    const { region } = await request(RegionNode, { code });
    return region;
  };
  useEffect(() => {
    void load(root).then(
      (r) => r && setNodes([{ key: r.code, title: `${r.name} ${r.code}`, isLeaf: !r.children.length }]),
    );
  }, [root]);
  const attach = (list: TreeDataNode[], key: React.Key, children: TreeDataNode[]): TreeDataNode[] =>
    list.map((n) =>
      n.key === key
        ? { ...n, children }
        : n.children
          ? { ...n, children: attach(n.children, key, children) }
          : n,
    );
  const loadData = async ({ key }: { key: React.Key }) => {
    const r = await load(String(key));
    const kids = (r?.children ?? []).map((c) => ({
      key: c.code,
      title: `${c.name} ${c.code}`,
      isLeaf: c.level === 'COUNTY',
    }));
    setNodes((list) => attach(list, key, kids));
  };
  return (
    <Tree
      treeData={nodes}
      loadData={loadData}
      defaultExpandedKeys={[root]}
      onSelect={(keys) => keys[0] && onSelect(String(keys[0]))}
    />
  );
}

function Schools({ region, onClass }: { region: string | undefined; onClass: (code: string) => void }) {
  const t = useTexts();
  const [prefix, setPrefix] = useState('');
  const filter = { ...(region ? { regionCode: region } : {}), ...(prefix ? { namePrefix: prefix } : {}) };
  const paged = usePagedList(SchoolList, { filter }, (d) => d.schools);
  return (
    <>
      <Input.Search
        placeholder={t.searchSchool}
        allowClear
        onSearch={setPrefix}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      <PagedTable
        paged={paged}
        rows={(list) => list.nodes}
        rowKey="id"
        data-testid="schools"
        expandable={{
          expandedRowRender: (s) => (
            <>
              {s.classes.nodes.map((c) => (
                <Tag key={c.code} color="blue" style={{ cursor: 'pointer' }} onClick={() => onClass(c.code)}>
                  {c.name}
                </Tag>
              ))}
            </>
          ),
        }}
        columns={[
          { title: t.code, dataIndex: 'code' },
          { title: t.name, dataIndex: 'name' },
          { title: t.kind, dataIndex: 'kind' },
          {
            title: t.teachingPoints,
            render: (_, s) => (s.isTeachingPoint ? <Tag>{s.centralSchool?.name ?? '—'}</Tag> : null),
          },
        ]}
      />
    </>
  );
}

/** 机构与人员: region tree → schools (teaching points marked) → classes → students and teachers. */
export function Organizations({ me }: { me: SignedIn }) {
  const t = useTexts();
  const school = isSchoolCode(me.org);
  const [region, setRegion] = useState<string | undefined>(school ? undefined : me.org);
  const [tab, setTab] = useState('schools');
  const [classCode, setClassCode] = useState<string | undefined>();
  const openClass = (code: string) => {
    setClassCode(code);
    setTab('students');
  };
  const scope = { regionCode: region, classCode };
  return (
    <Row gutter={16}>
      {!school && (
        <Col xs={24} lg={6}>
          <Card title={t.region}>
            <RegionTree
              root={me.org}
              onSelect={(code) => {
                setRegion(code);
                setClassCode(undefined);
              }}
            />
          </Card>
        </Col>
      )}
      <Col xs={24} lg={school ? 24 : 18}>
        <Card>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'schools', label: t.schools, children: <Schools region={region} onClass={openClass} /> },
              { key: 'students', label: t.students, children: <People kind="students" scope={scope} /> },
              { key: 'teachers', label: t.teachers, children: <People kind="teachers" scope={scope} /> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
