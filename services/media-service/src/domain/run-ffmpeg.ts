/** Runs ffmpeg/ffprobe; resolves to stdout, rejects with the tail of stderr. `onLine` sees stdout lines. */
export async function runTool(
  cmd: string[],
  opts: { onLine?: (line: string) => void } = {},
): Promise<string> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const stderr = new Response(proc.stderr).text();
  let out = "";
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of proc.stdout as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    out += text;
    if (opts.onLine) {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const l of lines) opts.onLine(l);
    }
  }
  const code = await proc.exited;
  if (code !== 0) {
    const tail = (await stderr).trim().split("\n").slice(-3).join(" | ");
    throw new Error(`${cmd[0]} exited with ${code}: ${tail}`);
  }
  return out;
}
