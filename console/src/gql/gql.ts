/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AccessLogPage on PersonalDataAccessConnection {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        at\n        service\n        subject\n        clientId\n        organization\n        operationName\n        fields\n        records {\n          type\n          ids\n        }\n      }\n    }\n  }\n": typeof types.AccessLogPageFragmentDoc,
    "\n  query DatacenterAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: datacenterPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n": typeof types.DatacenterAccessLogDocument,
    "\n  query IdentityAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: identityPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n": typeof types.IdentityAccessLogDocument,
    "\n  query SpacesAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: spacesPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n": typeof types.SpacesAccessLogDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      id\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query ClientList {\n    clients {\n      clientId\n      name\n      kind\n      organization\n      organizationName\n      scopes\n      redirectUris\n      firstParty\n      disabled\n      createdAt\n    }\n  }\n": typeof types.ClientListDocument,
    "\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      clientSecret\n      client {\n        clientId\n        name\n        firstParty\n      }\n    }\n  }\n": typeof types.RegisterClientDocument,
    "\n  mutation RotateClientSecret($clientId: ID!) {\n    rotateClientSecret(clientId: $clientId) {\n      clientSecret\n      client {\n        clientId\n      }\n    }\n  }\n": typeof types.RotateClientSecretDocument,
    "\n  mutation DisableClient($clientId: ID!) {\n    disableClient(clientId: $clientId) {\n      clientId\n      disabled\n    }\n  }\n": typeof types.DisableClientDocument,
    "\n  mutation RotateSigningKey {\n    rotateSigningKey\n  }\n": typeof types.RotateSigningKeyDocument,
    "\n  query DashboardRegion($code: ID!) {\n    region(code: $code) {\n      code\n      name\n      level\n      indicators {\n        schools\n        teachingPoints\n        students\n        teachers\n        broadbandRatio\n        multimediaClassroomRatio\n        teacherTrainingRatio\n      }\n      spaceIndicators {\n        teacherRatio\n        secondaryStudentRatio\n      }\n      children {\n        code\n        name\n        indicators {\n          broadbandRatio\n          multimediaClassroomRatio\n          teacherTrainingRatio\n        }\n      }\n    }\n  }\n": typeof types.DashboardRegionDocument,
    "\n  query DashboardSchool($code: String!) {\n    schoolByCode(code: $code) {\n      code\n      name\n      kind\n      address\n      broadbandMbps\n      classrooms\n      multimediaClassrooms\n      principal\n    }\n  }\n": typeof types.DashboardSchoolDocument,
    "\n  query RegionNode($code: ID!) {\n    region(code: $code) {\n      code\n      name\n      children {\n        code\n        name\n        level\n      }\n    }\n  }\n": typeof types.RegionNodeDocument,
    "\n  query SchoolList($filter: SchoolFilter, $after: String) {\n    schools(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        code\n        name\n        kind\n        isTeachingPoint\n        centralSchool {\n          name\n        }\n        classes(first: 50) {\n          nodes {\n            code\n            name\n            grade\n          }\n        }\n      }\n    }\n  }\n": typeof types.SchoolListDocument,
    "\n  query StudentList($filter: StudentFilter, $after: String) {\n    students(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        gender\n        registryNumber\n        idNumber\n        birthDate\n        school {\n          name\n        }\n        class {\n          name\n        }\n      }\n    }\n  }\n": typeof types.StudentListDocument,
    "\n  query TeacherList($filter: TeacherFilter, $after: String) {\n    teachers(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        staffNumber\n        name\n        gender\n        idNumber\n        title\n        trainingHours\n        meetsTrainingTarget\n        school {\n          name\n        }\n      }\n    }\n  }\n": typeof types.TeacherListDocument,
    "\n  mutation PushResource($id: ID!, $targets: [PushTargetInput!]!, $note: String) {\n    pushResource(id: $id, targets: $targets, note: $note) {\n      id\n      targetCode\n      receipt\n    }\n  }\n": typeof types.PushResourceDocument,
    "\n  query ResourceList($filter: ResourceFilter, $query: String, $after: String) {\n    resources(filter: $filter, query: $query, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        kind\n        stage\n        subject\n        status\n        organization\n        updatedAt\n        history {\n          action\n          to\n          reason\n          at\n          actorOrganization\n        }\n        pushes {\n          id\n          targetKind\n          targetCode\n          targetName\n          pushedAt\n          receipt\n          seenAt\n          usedAt\n        }\n      }\n    }\n  }\n": typeof types.ResourceListDocument,
    "\n  mutation ApproveResource($id: ID!, $reason: String) {\n    approveResource(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.ApproveResourceDocument,
    "\n  mutation RejectResource($id: ID!, $reason: String!) {\n    rejectResource(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.RejectResourceDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      signedInAt\n      lastUsedAt\n      current\n      clients {\n        clientId\n        name\n      }\n    }\n  }\n": typeof types.MySessionsDocument,
    "\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n": typeof types.EndMySessionDocument,
    "\n  mutation EndMyOtherSessions {\n    endMyOtherSessions\n  }\n": typeof types.EndMyOtherSessionsDocument,
    "\n  query SpaceList($kind: SpaceKind, $after: String) {\n    spaces(kind: $kind, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          kind\n          title\n          schoolCode\n          classCode\n          openedAt\n          reports(first: 20) {\n            totalCount\n            edges {\n              node {\n                id\n                targetType\n                targetId\n                reason\n                note\n                createdAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SpaceListDocument,
    "\n  mutation OpenSchoolSpaces($input: OpenSchoolSpacesInput!) {\n    openSchoolSpaces(input: $input) {\n      opened\n      existing\n      rejected\n    }\n  }\n": typeof types.OpenSchoolSpacesDocument,
    "\n  mutation HidePost($id: ID!, $reason: String) {\n    setPostHidden(id: $id, hidden: true, reason: $reason) {\n      id\n      hidden\n    }\n  }\n": typeof types.HidePostDocument,
    "\n  mutation HideComment($id: ID!) {\n    setCommentHidden(id: $id, hidden: true) {\n      id\n    }\n  }\n": typeof types.HideCommentDocument,
    "\n  mutation ResolveReport($id: ID!) {\n    resolveReport(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.ResolveReportDocument,
    "\n  query SyncChanges($after: String, $kinds: [EntityKind!]) {\n    changes(after: $after, first: 20, kinds: $kinds) {\n      endCursor\n      hasMore\n      changes {\n        cursor\n        kind\n        key\n        op\n        version\n        at\n      }\n    }\n  }\n": typeof types.SyncChangesDocument,
    "\n  query UserList($filter: UserFilter, $after: String) {\n    users(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          kind\n          organization\n          roles\n          status\n          lastLoginAt\n        }\n      }\n    }\n  }\n": typeof types.UserListDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        username\n      }\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.DisableUserDocument,
    "\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.EnableUserDocument,
    "\n  mutation ResetPassword($id: ID!) {\n    resetPassword(id: $id) {\n      temporaryPassword\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation AssignRoles($id: ID!, $roles: [Role!]!) {\n    assignRoles(id: $id, roles: $roles) {\n      id\n      roles\n    }\n  }\n": typeof types.AssignRolesDocument,
};
const documents: Documents = {
    "\n  fragment AccessLogPage on PersonalDataAccessConnection {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        at\n        service\n        subject\n        clientId\n        organization\n        operationName\n        fields\n        records {\n          type\n          ids\n        }\n      }\n    }\n  }\n": types.AccessLogPageFragmentDoc,
    "\n  query DatacenterAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: datacenterPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n": types.DatacenterAccessLogDocument,
    "\n  query IdentityAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: identityPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n": types.IdentityAccessLogDocument,
    "\n  query SpacesAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: spacesPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n": types.SpacesAccessLogDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      id\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query ClientList {\n    clients {\n      clientId\n      name\n      kind\n      organization\n      organizationName\n      scopes\n      redirectUris\n      firstParty\n      disabled\n      createdAt\n    }\n  }\n": types.ClientListDocument,
    "\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      clientSecret\n      client {\n        clientId\n        name\n        firstParty\n      }\n    }\n  }\n": types.RegisterClientDocument,
    "\n  mutation RotateClientSecret($clientId: ID!) {\n    rotateClientSecret(clientId: $clientId) {\n      clientSecret\n      client {\n        clientId\n      }\n    }\n  }\n": types.RotateClientSecretDocument,
    "\n  mutation DisableClient($clientId: ID!) {\n    disableClient(clientId: $clientId) {\n      clientId\n      disabled\n    }\n  }\n": types.DisableClientDocument,
    "\n  mutation RotateSigningKey {\n    rotateSigningKey\n  }\n": types.RotateSigningKeyDocument,
    "\n  query DashboardRegion($code: ID!) {\n    region(code: $code) {\n      code\n      name\n      level\n      indicators {\n        schools\n        teachingPoints\n        students\n        teachers\n        broadbandRatio\n        multimediaClassroomRatio\n        teacherTrainingRatio\n      }\n      spaceIndicators {\n        teacherRatio\n        secondaryStudentRatio\n      }\n      children {\n        code\n        name\n        indicators {\n          broadbandRatio\n          multimediaClassroomRatio\n          teacherTrainingRatio\n        }\n      }\n    }\n  }\n": types.DashboardRegionDocument,
    "\n  query DashboardSchool($code: String!) {\n    schoolByCode(code: $code) {\n      code\n      name\n      kind\n      address\n      broadbandMbps\n      classrooms\n      multimediaClassrooms\n      principal\n    }\n  }\n": types.DashboardSchoolDocument,
    "\n  query RegionNode($code: ID!) {\n    region(code: $code) {\n      code\n      name\n      children {\n        code\n        name\n        level\n      }\n    }\n  }\n": types.RegionNodeDocument,
    "\n  query SchoolList($filter: SchoolFilter, $after: String) {\n    schools(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        code\n        name\n        kind\n        isTeachingPoint\n        centralSchool {\n          name\n        }\n        classes(first: 50) {\n          nodes {\n            code\n            name\n            grade\n          }\n        }\n      }\n    }\n  }\n": types.SchoolListDocument,
    "\n  query StudentList($filter: StudentFilter, $after: String) {\n    students(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        gender\n        registryNumber\n        idNumber\n        birthDate\n        school {\n          name\n        }\n        class {\n          name\n        }\n      }\n    }\n  }\n": types.StudentListDocument,
    "\n  query TeacherList($filter: TeacherFilter, $after: String) {\n    teachers(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        staffNumber\n        name\n        gender\n        idNumber\n        title\n        trainingHours\n        meetsTrainingTarget\n        school {\n          name\n        }\n      }\n    }\n  }\n": types.TeacherListDocument,
    "\n  mutation PushResource($id: ID!, $targets: [PushTargetInput!]!, $note: String) {\n    pushResource(id: $id, targets: $targets, note: $note) {\n      id\n      targetCode\n      receipt\n    }\n  }\n": types.PushResourceDocument,
    "\n  query ResourceList($filter: ResourceFilter, $query: String, $after: String) {\n    resources(filter: $filter, query: $query, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        kind\n        stage\n        subject\n        status\n        organization\n        updatedAt\n        history {\n          action\n          to\n          reason\n          at\n          actorOrganization\n        }\n        pushes {\n          id\n          targetKind\n          targetCode\n          targetName\n          pushedAt\n          receipt\n          seenAt\n          usedAt\n        }\n      }\n    }\n  }\n": types.ResourceListDocument,
    "\n  mutation ApproveResource($id: ID!, $reason: String) {\n    approveResource(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.ApproveResourceDocument,
    "\n  mutation RejectResource($id: ID!, $reason: String!) {\n    rejectResource(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.RejectResourceDocument,
    "\n  query MySessions {\n    mySessions {\n      id\n      signedInAt\n      lastUsedAt\n      current\n      clients {\n        clientId\n        name\n      }\n    }\n  }\n": types.MySessionsDocument,
    "\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n": types.EndMySessionDocument,
    "\n  mutation EndMyOtherSessions {\n    endMyOtherSessions\n  }\n": types.EndMyOtherSessionsDocument,
    "\n  query SpaceList($kind: SpaceKind, $after: String) {\n    spaces(kind: $kind, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          kind\n          title\n          schoolCode\n          classCode\n          openedAt\n          reports(first: 20) {\n            totalCount\n            edges {\n              node {\n                id\n                targetType\n                targetId\n                reason\n                note\n                createdAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SpaceListDocument,
    "\n  mutation OpenSchoolSpaces($input: OpenSchoolSpacesInput!) {\n    openSchoolSpaces(input: $input) {\n      opened\n      existing\n      rejected\n    }\n  }\n": types.OpenSchoolSpacesDocument,
    "\n  mutation HidePost($id: ID!, $reason: String) {\n    setPostHidden(id: $id, hidden: true, reason: $reason) {\n      id\n      hidden\n    }\n  }\n": types.HidePostDocument,
    "\n  mutation HideComment($id: ID!) {\n    setCommentHidden(id: $id, hidden: true) {\n      id\n    }\n  }\n": types.HideCommentDocument,
    "\n  mutation ResolveReport($id: ID!) {\n    resolveReport(id: $id) {\n      id\n      status\n    }\n  }\n": types.ResolveReportDocument,
    "\n  query SyncChanges($after: String, $kinds: [EntityKind!]) {\n    changes(after: $after, first: 20, kinds: $kinds) {\n      endCursor\n      hasMore\n      changes {\n        cursor\n        kind\n        key\n        op\n        version\n        at\n      }\n    }\n  }\n": types.SyncChangesDocument,
    "\n  query UserList($filter: UserFilter, $after: String) {\n    users(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          kind\n          organization\n          roles\n          status\n          lastLoginAt\n        }\n      }\n    }\n  }\n": types.UserListDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        username\n      }\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      status\n    }\n  }\n": types.DisableUserDocument,
    "\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      status\n    }\n  }\n": types.EnableUserDocument,
    "\n  mutation ResetPassword($id: ID!) {\n    resetPassword(id: $id) {\n      temporaryPassword\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  mutation AssignRoles($id: ID!, $roles: [Role!]!) {\n    assignRoles(id: $id, roles: $roles) {\n      id\n      roles\n    }\n  }\n": types.AssignRolesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccessLogPage on PersonalDataAccessConnection {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        at\n        service\n        subject\n        clientId\n        organization\n        operationName\n        fields\n        records {\n          type\n          ids\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AccessLogPageFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatacenterAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: datacenterPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n"): typeof import('./graphql').DatacenterAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdentityAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: identityPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n"): typeof import('./graphql').IdentityAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SpacesAccessLog($filter: PersonalDataAccessFilter, $after: String) {\n    log: spacesPersonalDataAccessLog(filter: $filter, first: 20, after: $after) {\n      ...AccessLogPage\n    }\n  }\n"): typeof import('./graphql').SpacesAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      id\n    }\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientList {\n    clients {\n      clientId\n      name\n      kind\n      organization\n      organizationName\n      scopes\n      redirectUris\n      firstParty\n      disabled\n      createdAt\n    }\n  }\n"): typeof import('./graphql').ClientListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      clientSecret\n      client {\n        clientId\n        name\n        firstParty\n      }\n    }\n  }\n"): typeof import('./graphql').RegisterClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateClientSecret($clientId: ID!) {\n    rotateClientSecret(clientId: $clientId) {\n      clientSecret\n      client {\n        clientId\n      }\n    }\n  }\n"): typeof import('./graphql').RotateClientSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableClient($clientId: ID!) {\n    disableClient(clientId: $clientId) {\n      clientId\n      disabled\n    }\n  }\n"): typeof import('./graphql').DisableClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateSigningKey {\n    rotateSigningKey\n  }\n"): typeof import('./graphql').RotateSigningKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardRegion($code: ID!) {\n    region(code: $code) {\n      code\n      name\n      level\n      indicators {\n        schools\n        teachingPoints\n        students\n        teachers\n        broadbandRatio\n        multimediaClassroomRatio\n        teacherTrainingRatio\n      }\n      spaceIndicators {\n        teacherRatio\n        secondaryStudentRatio\n      }\n      children {\n        code\n        name\n        indicators {\n          broadbandRatio\n          multimediaClassroomRatio\n          teacherTrainingRatio\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardRegionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardSchool($code: String!) {\n    schoolByCode(code: $code) {\n      code\n      name\n      kind\n      address\n      broadbandMbps\n      classrooms\n      multimediaClassrooms\n      principal\n    }\n  }\n"): typeof import('./graphql').DashboardSchoolDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionNode($code: ID!) {\n    region(code: $code) {\n      code\n      name\n      children {\n        code\n        name\n        level\n      }\n    }\n  }\n"): typeof import('./graphql').RegionNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchoolList($filter: SchoolFilter, $after: String) {\n    schools(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        code\n        name\n        kind\n        isTeachingPoint\n        centralSchool {\n          name\n        }\n        classes(first: 50) {\n          nodes {\n            code\n            name\n            grade\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SchoolListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudentList($filter: StudentFilter, $after: String) {\n    students(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        gender\n        registryNumber\n        idNumber\n        birthDate\n        school {\n          name\n        }\n        class {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StudentListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeacherList($filter: TeacherFilter, $after: String) {\n    teachers(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        staffNumber\n        name\n        gender\n        idNumber\n        title\n        trainingHours\n        meetsTrainingTarget\n        school {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').TeacherListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushResource($id: ID!, $targets: [PushTargetInput!]!, $note: String) {\n    pushResource(id: $id, targets: $targets, note: $note) {\n      id\n      targetCode\n      receipt\n    }\n  }\n"): typeof import('./graphql').PushResourceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResourceList($filter: ResourceFilter, $query: String, $after: String) {\n    resources(filter: $filter, query: $query, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        kind\n        stage\n        subject\n        status\n        organization\n        updatedAt\n        history {\n          action\n          to\n          reason\n          at\n          actorOrganization\n        }\n        pushes {\n          id\n          targetKind\n          targetCode\n          targetName\n          pushedAt\n          receipt\n          seenAt\n          usedAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ResourceListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveResource($id: ID!, $reason: String) {\n    approveResource(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ApproveResourceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectResource($id: ID!, $reason: String!) {\n    rejectResource(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').RejectResourceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySessions {\n    mySessions {\n      id\n      signedInAt\n      lastUsedAt\n      current\n      clients {\n        clientId\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').MySessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMySession($id: ID!) {\n    endMySession(id: $id)\n  }\n"): typeof import('./graphql').EndMySessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMyOtherSessions {\n    endMyOtherSessions\n  }\n"): typeof import('./graphql').EndMyOtherSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SpaceList($kind: SpaceKind, $after: String) {\n    spaces(kind: $kind, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          kind\n          title\n          schoolCode\n          classCode\n          openedAt\n          reports(first: 20) {\n            totalCount\n            edges {\n              node {\n                id\n                targetType\n                targetId\n                reason\n                note\n                createdAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SpaceListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenSchoolSpaces($input: OpenSchoolSpacesInput!) {\n    openSchoolSpaces(input: $input) {\n      opened\n      existing\n      rejected\n    }\n  }\n"): typeof import('./graphql').OpenSchoolSpacesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HidePost($id: ID!, $reason: String) {\n    setPostHidden(id: $id, hidden: true, reason: $reason) {\n      id\n      hidden\n    }\n  }\n"): typeof import('./graphql').HidePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HideComment($id: ID!) {\n    setCommentHidden(id: $id, hidden: true) {\n      id\n    }\n  }\n"): typeof import('./graphql').HideCommentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveReport($id: ID!) {\n    resolveReport(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ResolveReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncChanges($after: String, $kinds: [EntityKind!]) {\n    changes(after: $after, first: 20, kinds: $kinds) {\n      endCursor\n      hasMore\n      changes {\n        cursor\n        kind\n        key\n        op\n        version\n        at\n      }\n    }\n  }\n"): typeof import('./graphql').SyncChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserList($filter: UserFilter, $after: String) {\n    users(filter: $filter, first: 10, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          kind\n          organization\n          roles\n          status\n          lastLoginAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UserListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      temporaryPassword\n      user {\n        id\n        username\n      }\n    }\n  }\n"): typeof import('./graphql').CreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableUser($id: ID!) {\n    disableUser(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').DisableUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableUser($id: ID!) {\n    enableUser(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').EnableUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($id: ID!) {\n    resetPassword(id: $id) {\n      temporaryPassword\n    }\n  }\n"): typeof import('./graphql').ResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignRoles($id: ID!, $roles: [Role!]!) {\n    assignRoles(id: $id, roles: $roles) {\n      id\n      roles\n    }\n  }\n"): typeof import('./graphql').AssignRolesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
