import { GraphQLScalarType } from 'graphql';
import { CodeSet, CodeValueType } from './codes.ts';
import { Mutation } from './mutation.ts';
import { Assignment, Course, Enrollment, Guardian, Term } from './roster.ts';
import { Query } from './query.ts';
import {
  Asset,
  Change,
  Class,
  Person,
  Region,
  School,
  StageCount,
  Student,
  SubjectCount,
  Teacher,
  User,
} from './types.ts';

/** Opaque JSON values (change-feed records). */
const JSON = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
});

export const resolvers = {
  JSON,
  Query,
  Mutation,
  Region,
  StageCount,
  SubjectCount,
  School,
  Class,
  Student,
  Teacher,
  Asset,
  User,
  Person,
  Change,
  CodeSet,
  Term,
  Course,
  Enrollment,
  Assignment,
  Guardian,
  CodeValue: CodeValueType,
};
