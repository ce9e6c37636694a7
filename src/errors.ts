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

/**
 * A user error. `code` names its class and stays the same across releases (messages may change),
 * for API users that tell errors apart; each subclass has its own.
 */
export class BuildError extends Error {
  readonly code: string = 'KFM_BUILD';
  /** `message` replaces the usual "file: field: reason (detail)" text, for errors with a form of their own. */
  constructor(readonly reason: string, readonly place: ErrorPlace = {}, message?: string) {
    super(message ?? formatError(reason, place));
  }
}

/** Kustomizations (or a plugin directory) that include each other. */
export class CycleError extends BuildError {
  override readonly code = 'KFM_CYCLE';
}

function formatError(reason: string, p: ErrorPlace): string {
  const where = [p.file, p.field].filter(Boolean).join(': ');
  return (where ? `${where}: ` : '') + reason + (p.detail ? ` (${p.detail})` : '');
}

/** The words every "unknown field" message uses: `unknown field 'a'`, `unknown fields 'a', 'b'`. */
export function unknownFields(keys: string[]): string {
  return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
}
