/**
 * Errors that come from a user's input: each names the file and, where known, the field, and says
 * what was expected. The CLI prints them without a stack trace and exits 1.
 */
export interface ErrorPlace {
  /** The file (usually a kustomization) the problem is in. */
  file?: string;
  /** The field within that file, e.g. `patches[2].path`. */
  field?: string;
  /** More context: another file involved, what was looked for. */
  detail?: string;
}

export class BuildError extends Error {
  constructor(readonly reason: string, readonly place: ErrorPlace = {}) {
    super(formatError(reason, place));
  }
}

function formatError(reason: string, p: ErrorPlace): string {
  const where = [p.file, p.field].filter(Boolean).join(': ');
  return (where ? `${where}: ` : '') + reason + (p.detail ? ` (${p.detail})` : '');
}

/** The words every "unknown field" message uses: `unknown field 'a'`, `unknown fields 'a', 'b'`. */
export function unknownFields(keys: string[]): string {
  return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
}
