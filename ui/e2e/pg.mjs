// A throwaway PostgreSQL server for the team specs, as crates/briefdesk-team/tests/support does:
// Debian's server binaries, a temporary folder, a free port on 127.0.0.1. Logins are trusted
// (no password), since the app under test cannot be handed one through the driver.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function serverBin() {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server in /usr/lib/postgresql (cargo xtask test installs it)');
  return join(root, versions[0], 'bin');
}

/** A port nobody listens on at the moment, on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts a server with the database `newsroom` owned by the login `anna` (`sql` makes more
 * logins); `stop()` ends it.
 */
export async function startPostgres() {
  const bin = serverBin();
  const dir = mkdtempSync(join(tmpdir(), 'briefdesk-pg-'));
  const asPostgres = process.getuid?.() === 0;
  const run = (program, args) => {
    if (asPostgres) {
      // The server refuses to run as root.
      execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' });
    } else {
      execFileSync(join(bin, program), args, { stdio: 'pipe' });
    }
  };
  chmodSync(dir, 0o777);
  if (asPostgres) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'admin', '--auth', 'trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, '-w', 'start']);
  const psql = (sql) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'admin', '-d', 'postgres', '-c', sql]);
  psql('CREATE DATABASE newsroom');
  psql('CREATE ROLE anna LOGIN CREATEROLE');
  psql('ALTER DATABASE newsroom OWNER TO anna');
  return {
    url: `postgresql://anna@127.0.0.1:${port}/newsroom`,
    port,
    /** Runs `query` as the server's superuser in `newsroom`; its rows, unaligned, one a line. */
    sql(query) {
      return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'admin', '-d', 'newsroom', '-c', query], { encoding: 'utf8' });
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
