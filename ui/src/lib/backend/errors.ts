// Error normalisation for everything that crosses the IPC edge.
// Kept free of @tauri-apps imports so UI code (and tests that mock the
// command wrappers) can use it directly.
import type { IpcError } from '../bindings/IpcError';

export const NO_BACKEND = 'no_backend';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isIpcError(value: unknown): value is IpcError {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

/** Turn whatever an `invoke` (or anything else) threw into `{ code, message }`. */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) {
    return { code: value.code, message: value.message };
  }
  if (typeof value === 'string') {
    return { code: 'error', message: value };
  }
  if (value instanceof Error) {
    return { code: 'internal', message: value.message || value.name };
  }
  if (isRecord(value) && typeof value.message === 'string') {
    return { code: 'error', message: value.message };
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return { code: 'unknown', message: `Unexpected error: ${text}` };
}

export function noBackendError(): IpcError {
  return {
    code: NO_BACKEND,
    message: 'The Briefdesk core is not reachable: this page is not running inside the Briefdesk app.',
  };
}
