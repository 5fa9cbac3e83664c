// The parts of the desktop around the webview that WebDriver cannot reach: the native save
// dialog (answered by typing into it with xdotool) and the clipboard (read with xclip), both
// on the Xvfb display `cargo xtask e2e` started.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function xdotool(...args) {
  const { stdout } = await run('xdotool', args, { timeout: 20_000 });
  return stdout.trim();
}

/**
 * Waits for the native dialog titled `title`, types `path` as the file name and presses Enter,
 * as an editor would. GTK's file chooser takes a whole path in its name field.
 */
export async function answerSaveDialog(title, path) {
  const ids = await xdotool('search', '--sync', '--onlyvisible', '--name', `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const window = ids.split('\n')[0];
  // No window manager under Xvfb: give the dialog the keyboard directly.
  await xdotool('windowfocus', '--sync', window);
  await xdotool('key', '--clearmodifiers', 'ctrl+a');
  await xdotool('type', '--delay', '15', path);
  await xdotool('key', 'Return');
}

/** What the clipboard holds as `target` (text by default; `text/html` for rich text). */
export async function readClipboard(target = 'UTF8_STRING') {
  const { stdout } = await run('xclip', ['-o', '-selection', 'clipboard', '-t', target], { timeout: 10_000 });
  return stdout;
}
