// Every ErrorCode (crates/briefdesk-core/src/error.rs), to tell a code from a stray string.
import type { ErrorCode } from './ErrorCode';

export const ERROR_CODES: readonly ErrorCode[] = ['invalid', 'not_found', 'conflict', 'changed_elsewhere', 'disk_full', 'database', 'migration', 'not_a_library', 'corrupt', 'too_new', 'locked', 'read_only', 'io', 'library_unavailable', 'internal', 'not_picked', 'open_failed', 'clipboard', 'update', 'no_backend', 'unknown'];
