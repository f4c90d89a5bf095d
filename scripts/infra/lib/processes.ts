import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

// Engines run detached (own session and process group) so they outlive up.ts; a pid file per
// engine lets down.ts and the next up.ts find them. The whole process group is signalled because
// some engines (Elasticsearch's CLI, runuser) sit in front of the real server process.

/** How to launch one engine process. */
export interface DetachedSpec {
  cmd: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  logFile: string;
  pidFile: string;
}

/** Starts `spec.cmd` detached with stdout+stderr appended to `spec.logFile`; returns its pid. */
export function spawnDetached(spec: DetachedSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  // Each start gets a fresh log; the previous one is kept beside it.
  if (existsSync(spec.logFile)) renameSync(spec.logFile, `${spec.logFile}.prev`);
  const fd = openSync(spec.logFile, "a");
  const [file, ...args] = spec.cmd;
  if (!file) throw new Error("spawnDetached: empty command");
  const child = spawn(file, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  child.unref();
  writeFileSync(spec.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** The pid in `pidFile` if that process is alive and its command line mentions `marker`. */
export function livePid(pidFile: string, marker: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  // Guards against a recycled pid belonging to an unrelated process.
  const cmdline = readProcessCmdline(pid);
  return cmdline === undefined || cmdline.includes(marker) ? pid : undefined;
}

function readProcessCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return undefined;
  }
}

/** True while a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return isAlive(pid);
  }
}

/** SIGTERM the engine's process group, SIGKILL it after `graceMs`; removes the pid file. */
export async function stopProcess(
  pidFile: string,
  pid: number,
  graceMs = 15_000,
): Promise<"stopped" | "killed"> {
  signalGroup(pid, "SIGTERM");
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    if (!groupAlive(pid)) {
      rmSync(pidFile, { force: true });
      return "stopped";
    }
    await Bun.sleep(100);
  }
  signalGroup(pid, "SIGKILL");
  while (groupAlive(pid)) await Bun.sleep(50);
  rmSync(pidFile, { force: true });
  return "killed";
}

/** The first error lines and the last `lines` lines of a log file, for failure reports. */
export function logTail(file: string, lines = 15): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const text = readFileSync(file, "utf8").trimEnd().split("\n");
  // A shutdown after a fatal error buries the cause; surface the first errors too.
  const errors = text
    .filter((l) => /\b(ERROR|FATAL|SEVERE)\b|^\S+Exception|^\s*Caused by/.test(l))
    .slice(0, 6);
  const head = errors.length > 0 ? `first errors:\n${errors.join("\n")}\n...\n` : "";
  return `${head}${text.slice(-lines).join("\n")}`;
}

/** True if something accepts TCP connections on 127.0.0.1:`port`. */
export async function portTaken(port: number): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of a process and its descendants, in MiB (from /proc). */
export function treeRssMiB(pid: number): number {
  let kb = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop() as number;
    try {
      const m = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
      // Children hang off whichever thread forked them (the JVM forks from worker threads).
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, "utf8").trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return Math.round(kb / 1024);
}

/** Runs a command to completion; throws with its output when it fails. */
export async function run(cmd: string[], opts: { cwd?: string; logFile?: string } = {}): Promise<string> {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (opts.logFile) writeFileSync(opts.logFile, `$ ${cmd.join(" ")}\n${out}${err}`, { flag: "a" });
  if (code !== 0)
    throw new Error(
      `${cmd.join(" ")} exited ${code}\n${(out + err).trim().split("\n").slice(-20).join("\n")}`,
    );
  return out;
}

/** `join` re-exported so engine files import paths from one place. */
export { join };
