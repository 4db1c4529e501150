import { Input, Tag } from 'antd';
import { useState } from 'react';
import { PagedTable } from '../components/PagedTable.tsx';
import { graphql } from '../gql/index.ts';
import { useTexts } from '../i18n.ts';
import { usePagedList } from '../useGraph.ts';

const StudentList = graphql(`
  query StudentList($filter: StudentFilter, $after: String) {
    students(filter: $filter, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        gender
        registryNumber
        idNumber
        birthDate
        school {
          name
        }
        class {
          name
        }
      }
    }
  }
`);

const TeacherList = graphql(`
  query TeacherList($filter: TeacherFilter, $after: String) {
    teachers(filter: $filter, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        staffNumber
        name
        gender
        idNumber
        title
        trainingHours
        meetsTrainingTarget
        school {
          name
        }
      }
    }
  }
`);

export interface PeopleScope {
  regionCode?: string | undefined;
  classCode?: string | undefined;
}

/** Personal data is shown as the graph returns it: masked unless the token may see it. */
function Students({ scope, prefix }: { scope: PeopleScope; prefix: string }) {
  const t = useTexts();
  const filter = {
    ...(scope.regionCode ? { regionCode: scope.regionCode } : {}),
    ...(scope.classCode ? { classCode: scope.classCode } : {}),
    ...(prefix ? { namePrefix: prefix } : {}),
  };
  const paged = usePagedList(StudentList, { filter }, (d) => d.students);
  return (
    <PagedTable
      paged={paged}
      rows={(list) => list.nodes}
      rowKey="id"
      data-testid="students"
      scroll={{ x: 900 }}
      columns={[
        { title: t.name, dataIndex: 'name' },
        { title: t.gender, render: (_, s) => t[s.gender === 'FEMALE' ? 'female' : 'male'] },
        { title: t.registryNumber, dataIndex: 'registryNumber' },
        { title: t.idNumber, dataIndex: 'idNumber' },
        { title: t.birthDate, dataIndex: 'birthDate' },
        { title: t.school, render: (_, s) => s.school.name },
        { title: t.class, render: (_, s) => s.class?.name ?? '—' },
      ]}
    />
  );
}

function Teachers({ scope, prefix }: { scope: PeopleScope; prefix: string }) {
  const t = useTexts();
  const filter = {
    ...(scope.regionCode ? { regionCode: scope.regionCode } : {}),
    ...(scope.classCode ? { schoolCode: scope.classCode.slice(0, 10) } : {}),
    ...(prefix ? { namePrefix: prefix } : {}),
  };
  const paged = usePagedList(TeacherList, { filter }, (d) => d.teachers);
  return (
    <PagedTable
      paged={paged}
      rows={(list) => list.nodes}
      rowKey="id"
      data-testid="teachers"
      columns={[
        { title: t.staffNumber, dataIndex: 'staffNumber' },
        { title: t.name, dataIndex: 'name' },
        { title: t.idNumber, dataIndex: 'idNumber' },
        { title: t.school, render: (_, p) => p.school.name },
        {
          title: t.trainingHours,
          render: (_, p) => <Tag color={p.meetsTrainingTarget ? 'green' : 'orange'}>{p.trainingHours}</Tag>,
        },
      ]}
    />
  );
}

export function People({ kind, scope }: { kind: 'students' | 'teachers'; scope: PeopleScope }) {
  const t = useTexts();
  const [prefix, setPrefix] = useState('');
  return (
    <>
      <div data-testid={`${kind}-search`} style={{ maxWidth: 360, marginBottom: 12 }}>
        <Input.Search placeholder={t.searchByName} allowClear enterButton={t.search} onSearch={setPrefix} />
      </div>
      {kind === 'students' ? (
        <Students scope={scope} prefix={prefix} />
      ) : (
        <Teachers scope={scope} prefix={prefix} />
      )}
    </>
  );
}
