// Typed wrappers around the import and export commands (src-tauri/src/commands/transfer.rs).
// The native open and save dialogs and the clipboard are driven from Rust: the page never
// names a path to read or write.
import type { ExportDocument } from '../bindings/ExportDocument';
import type { ExportFormat } from '../bindings/ExportFormat';
import { Channel } from '@tauri-apps/api/core';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportReport } from '../bindings/ImportReport';
import type { Issue } from '../bindings/Issue';
import { call } from './index';

/** Every issue, for choosing where an import goes and what to export. */
export function transferIssues(): Promise<Issue[]> {
  return call<Issue[]>('transfer_issues');
}

/** Shows the native open dialog; the picked path, or null when the editor cancelled. */
export function pickImportFile(): Promise<string | null> {
  return call<string | null>('pick_import_file');
}

/** Told how far an import has got, a few times a second at most. */
export type OnImportProgress = (progress: ImportProgress) => void;

function progressChannel(onProgress: OnImportProgress): Channel<ImportProgress> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** Imports (or with `dry_run` previews) a file picked with `pickImportFile`. */
export function importFile(path: string, options: ImportOptions, onProgress: OnImportProgress = () => {}): Promise<ImportReport> {
  return call<ImportReport>('import_file', { path, options, onProgress: progressChannel(onProgress) });
}

/** Imports (or with `dry_run` previews) pasted text. */
export function importText(text: string, options: ImportOptions, onProgress: OnImportProgress = () => {}): Promise<ImportReport> {
  return call<ImportReport>('import_text', { text, options, onProgress: progressChannel(onProgress) });
}

/** Issue `number` rendered in `format`, for the export preview. */
export function exportDocument(number: number, format: ExportFormat): Promise<ExportDocument> {
  return call<ExportDocument>('export_document', { number, format });
}

/** Asks where to save issue `number` and writes it; the path written, or null when cancelled. */
export function saveExport(number: number, format: ExportFormat): Promise<string | null> {
  return call<string | null>('save_export', { number, format });
}

/** Copies issue `number` in `format` to the clipboard as plain text (Markdown, HTML source…). */
export async function copyExport(number: number, format: ExportFormat): Promise<void> {
  await call<null>('copy_export', { number, format });
}

/** Copies issue `number` as rich text (the email HTML) with a plain-text fallback. */
export async function copyRichText(number: number): Promise<void> {
  await call<null>('copy_rich_text', { number });
}
