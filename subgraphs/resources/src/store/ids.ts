import { Types } from 'mongoose';

/** A record id (MongoDB ObjectId); outside store/ it is only compared, printed and passed back. */
export type RecordId = Types.ObjectId;

const HEX_ID = /^[a-f0-9]{24}$/i;

/** Whether a string is a record id (24 hex digits). */
export const isRecordId = (id: string): boolean => Types.ObjectId.isValid(id) && HEX_ID.test(id);

/** A fresh record id. */
export const newRecordId = (): RecordId => new Types.ObjectId();

/** The record id a 24-hex-digit string stands for. */
export const recordId = (hex: string): RecordId => new Types.ObjectId(hex);

/** The ids among the strings that are record ids. */
export const toRecordIds = (ids: readonly string[]): RecordId[] => ids.filter(isRecordId).map(recordId);
