/**
 * A unique-key violation: 11000 on MongoDB; FerretDB answers some of them with code 1, and a
 * bulk insert reports them per write. Kept local to this subgraph (the datacenter's store has
 * its own; the lead folds them into shared code).
 */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (code === 11000 || code === 1) return true;
  const writeErrors = (err as { writeErrors?: { code?: unknown }[] }).writeErrors;
  return (
    Array.isArray(writeErrors) &&
    writeErrors.length > 0 &&
    writeErrors.every((e) => e.code === 11000 || e.code === 1)
  );
}
