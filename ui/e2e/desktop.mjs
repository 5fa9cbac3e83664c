// The parts of the desktop around the webview that WebDriver cannot reach: the native save
// dialog (answered by typing into it with xdotool) and the clipboard (read with xclip), both
// on the Xvfb display `cargo xtask e2e` started.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function xdotool(...args) {
  const { stdout } = await run('xdotool', args, { timeout: 20_000 });
  return stdout.trim();
}

const exactly = (title) => `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** Waits for the window titled exactly `title` and gives it the keyboard. */
async function focusWindow(title) {
  const window = (await xdotool('search', '--sync', '--onlyvisible', '--name', exactly(title))).split('\n')[0];
  // No window manager under Xvfb: give the dialog the keyboard directly.
  await xdotool('windowfocus', '--sync', window);
}

/**
 * Presses Enter until the dialog titled `title` has gone: right after typing, GTK's location
 * completion may still take the first Enter.
 */
async function confirm(title) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await xdotool('key', 'Return');
    await new Promise((resolve) => setTimeout(resolve, 600));
    const open = await xdotool('search', '--onlyvisible', '--name', exactly(title)).then(
      (ids) => ids !== '',
      () => false, // xdotool exits 1 when no window matches
    );
    if (!open) return;
  }
  throw new Error(`the dialog "${title}" did not close on Enter`);
}

/**
 * Waits for the native dialog titled `title`, types `path` as the file name and presses Enter,
 * as an editor would. GTK's file chooser takes a whole path in its name field.
 */
export async function answerSaveDialog(title, path) {
  await focusWindow(title);
  await xdotool('key', '--clearmodifiers', 'ctrl+a');
  await xdotool('type', '--delay', '15', path);
  await confirm(title);
}

/** What the clipboard holds as `target` (text by default; `text/html` for rich text). */
export async function readClipboard(target = 'UTF8_STRING') {
  const { stdout } = await run('xclip', ['-o', '-selection', 'clipboard', '-t', target], { timeout: 10_000 });
  return stdout;
}

/** Puts `text` on the clipboard as `target` (`text/html` for rich text), as a copy in a browser
 * would; xclip keeps serving it after this returns. */
export async function writeClipboard(text, target = 'UTF8_STRING') {
  await new Promise((resolve, reject) => {
    const xclip = spawn('xclip', ['-selection', 'clipboard', '-t', target, '-i'], { stdio: ['pipe', 'ignore', 'ignore'] });
    xclip.on('error', reject);
    xclip.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xclip exited with ${code}`))));
    xclip.stdin.end(text);
  });
}

/** Waits for the native open dialog titled `title` and opens `path` by typing its location. */
export async function answerOpenDialog(title, path) {
  await focusWindow(title);
  // Ctrl+L shows GTK's location field, which takes a whole path.
  await xdotool('key', '--clearmodifiers', 'ctrl+l');
  await xdotool('type', '--delay', '15', path);
  await confirm(title);
}

/** The whole display (native dialogs included), for diagnosing a failure; returns the path. */
export async function screenshotDesktop(name) {
  const path = `${process.env.BRIEFDESK_E2E_ARTIFACTS ?? '.'}/${name}-desktop.png`;
  await run('import', ['-window', 'root', path], { timeout: 20_000 });
  return path;
}

/**
 * Presses `keys` (xdotool's names, e.g. `ctrl+n`) on the app's own window, whose title matches
 * `title`, as a real keyboard would: through GTK, so the native menu's accelerators see it
 * first (WebDriver's keys go to the page directly and never reach the menu).
 */
export async function pressOnAppWindow(title, keys) {
  const window = (await xdotool('search', '--sync', '--onlyvisible', '--name', title)).split('\n')[0];
  await xdotool('windowfocus', '--sync', window);
  await xdotool('key', '--clearmodifiers', keys);
}
