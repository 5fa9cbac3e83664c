// Error normalisation for everything that crosses the IPC edge.
// Kept free of @tauri-apps imports so UI code (and tests that mock the
// command wrappers) can use it directly.
import type { ErrorCode } from '../bindings/ErrorCode';
import { ERROR_CODES } from '../bindings/ErrorCodes';
import type { IpcError } from '../bindings/IpcError';

export const NO_BACKEND: ErrorCode = 'no_backend';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function isIpcError(value: unknown): value is IpcError {
  return isRecord(value) && isErrorCode(value.code) && typeof value.message === 'string';
}

/** Turn whatever an `invoke` (or anything else) threw into an `IpcError`, keeping where it belongs. */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) {
    const error: IpcError = { code: value.code, message: value.message };
    if (typeof value.field === 'string') error.field = value.field;
    if (typeof value.line === 'number') error.line = value.line;
    if (typeof value.column === 'number') error.column = value.column;
    return error;
  }
  if (typeof value === 'string') {
    return { code: 'unknown', message: value };
  }
  if (value instanceof Error) {
    return { code: 'internal', message: value.message || value.name };
  }
  if (isRecord(value) && typeof value.message === 'string') {
    return { code: 'unknown', message: value.message };
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return { code: 'unknown', message: `Unexpected error: ${text}` };
}

/**
 * The codes every command answers with while no library is open: why the library could not be
 * opened (kept from the attempt: damaged, locked, too new…), or `library_unavailable`.
 */
const NO_LIBRARY: readonly ErrorCode[] = ['library_unavailable', 'not_a_library', 'corrupt', 'too_new', 'locked', 'read_only'];

/** Whether `error` says there is no library open (the window then offers backups and other files). */
export function isLibraryUnavailable(error: IpcError): boolean {
  return NO_LIBRARY.includes(error.code);
}

/**
 * The message without the location it begins with (`headline: `, `line 4: `, `column 2: `),
 * for showing beside the field or under the line it names.
 */
export function messageText(error: IpcError): string {
  let text = error.message.trim();
  const prefixes = [
    error.line === undefined ? null : `line ${error.line}: `,
    error.column === undefined ? null : `column ${error.column}: `,
    error.field === undefined ? null : `${error.field}: `,
  ];
  for (const prefix of prefixes) {
    if (prefix !== null && text.startsWith(prefix)) text = text.slice(prefix.length);
  }
  return text;
}

export function noBackendError(): IpcError {
  return {
    code: NO_BACKEND,
    message: 'The Briefdesk core is not reachable: this page is not running inside the Briefdesk app.',
  };
}
