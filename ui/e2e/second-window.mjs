// A second app window for a spec that needs two (two editors' replicas side by side). One
// WebKitWebDriver holds one session, and tauri-driver starts one WebKitWebDriver, so the second
// window needs a tauri-driver of its own on its own two ports. The app it launches inherits
// that driver's environment: its own XDG folders (settings, logs) and its own D-Bus session bus,
// since on the run's bus the single-instance plugin would hand the second launch to the first
// window and end it. Both windows share the run's Xvfb display.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { freePort } from './pg.mjs';
import { openApp } from './session.mjs';

/** Ends `child` with SIGTERM (tauri-driver then stops its WebKitWebDriver), SIGKILL after 5 s. */
async function terminate(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const late = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(late);
}

/** A D-Bus session bus of this window's own; resolves with the process and its address. */
async function startBus() {
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise((resolve, reject) => {
    bus.once('error', reject);
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    createInterface({ input: bus.stdout }).once('line', (line) => resolve(line.trim()));
  });
  return { bus, address };
}

async function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the second tauri-driver did not listen on port ${port} within ${ms} ms`);
}

/**
 * Opens the app on `library` in a second window, with its folders under `dir`; returns the
 * WebDriver client and `stop()`, which ends the session, the driver and the bus (call it in
 * `after`, so that it runs when the spec fails too).
 */
export async function openSecondWindow({ library, dir }) {
  const driverProgram = process.env.BRIEFDESK_TAURI_DRIVER;
  if (!driverProgram) throw new Error('run through `cargo xtask e2e` (BRIEFDESK_TAURI_DRIVER unset)');
  const started = { bus: null, driver: null, browser: null };
  const stop = async () => {
    await started.browser?.deleteSession().catch(() => {});
    await terminate(started.driver);
    await terminate(started.bus);
  };
  try {
    const home = join(dir, 'home');
    for (const sub of ['data', 'cache', 'config', 'state']) mkdirSync(join(home, sub), { recursive: true });
    const { bus, address } = await startBus();
    started.bus = bus;
    const [port, nativePort] = [await freePort(), await freePort()];
    const log = openSync(join(dir, 'tauri-driver.log'), 'a');
    started.driver = spawn(driverProgram, ['--port', String(port), '--native-port', String(nativePort)], {
      stdio: ['ignore', 'ignore', log],
      env: {
        ...process.env,
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CACHE_HOME: join(home, 'cache'),
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_STATE_HOME: join(home, 'state'),
        BRIEFDESK_LIBRARY: library,
        DBUS_SESSION_BUS_ADDRESS: address,
        // As e2e.rs sets them for the first window's driver.
        GSETTINGS_BACKEND: 'memory',
        NO_AT_BRIDGE: '1',
        WEBKIT_DISABLE_DMABUF_RENDERER: '1',
        BRIEFDESK_UPDATE_ENDPOINT: 'http://127.0.0.1:9/latest.json',
      },
    });
    await waitForPort(port, 20_000);
    started.browser = await openApp({ args: [library], port });
    return { browser: started.browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
