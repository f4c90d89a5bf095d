/**
 * `bun run bench media`: the image pipeline on a 12-MP JPEG (4000×3000, EXIF orientation 6 + GPS),
 * as media-service runs it in an upload request. Prints, ratios first:
 *  - images/s and p50/p99 per job (2 jobs at a time, like two concurrent uploads), RSS peak;
 *  - a Bun.serve hello's health-check latency in the same process, idle and while images process
 *    (the event loop must stay responsive: sharp works on libuv's pool), and event-loop lag.
 * Numbers only, no assertions (DESIGN §8). `bun run services/media-service/bench/media.bench.ts [jobs]`;
 * `MEDIA_AVIF=1` adds the AVIF encode of every size, as the service does with that setting.
 */
import sharp from "sharp";
import { processImage } from "../src/domain/process-image.ts";

const JOBS = Number(process.argv[2] ?? 8);
// As media-service sets it (MEDIA_IMAGE_THREADS, default 1); MEDIA_IMAGE_THREADS=0 → libvips' default.
const threads = Number(process.env.MEDIA_IMAGE_THREADS ?? 1);
if (threads > 0) sharp.concurrency(threads);
const CONCURRENCY = 2;
const options = { avif: process.env.MEDIA_AVIF === "1" };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function makePhoto(): Promise<Uint8Array> {
  const noise = await sharp(Buffer.from(crypto.getRandomValues(new Uint8Array(400 * 300 * 3))), {
    raw: { width: 400, height: 300, channels: 3 },
  })
    .resize(4000, 3000, { kernel: "cubic" })
    .raw()
    .toBuffer();
  return sharp(noise, { raw: { width: 4000, height: 3000, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: "NovaCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1" } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
const url = `http://127.0.0.1:${server.port}/health`;

/** Health checks one after another until `stop()`; their latencies. */
function probe() {
  const lat: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t = performance.now();
      await (await fetch(url)).text();
      lat.push(performance.now() - t);
      await Bun.sleep(5);
    }
  })();
  return {
    lat,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Event-loop lag: how late a 10 ms timer fires. */
function loopLag() {
  const lags: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  return { lags, stop: () => clearInterval(timer) };
}

// Baseline: hello throughput (16 at a time) and idle health latency.
for (let i = 0; i < 200; i++) await (await fetch(url)).text();
const helloN = 4000;
let t0 = performance.now();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (let i = 0; i < helloN / 16; i++) await (await fetch(url)).text();
  }),
);
const helloRps = helloN / ((performance.now() - t0) / 1000);
const idle = probe();
await Bun.sleep(1000);
await idle.stop();

const photo = await makePhoto();
await processImage(photo, 50_000_000, options); // warm-up (libvips caches, JIT)

const rss0 = process.memoryUsage().rss;
let rssPeak = rss0;
const rssTimer = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 20);
const busy = probe();
const lag = loopLag();
const jobMs: number[] = [];
let next = 0;
t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < JOBS) {
      next++;
      const t = performance.now();
      await processImage(photo, 50_000_000, options);
      jobMs.push(performance.now() - t);
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
lag.stop();
await busy.stop();
clearInterval(rssTimer);
server.stop(true);

const imagesPerSec = JOBS / seconds;
console.log(
  `media bench: ${JOBS} × 12-MP JPEG (${(photo.byteLength / 1e6).toFixed(1)} MB), ${CONCURRENCY} at a time, libvips threads ${sharp.concurrency()}`,
);
console.log(
  `ratio images/s ÷ Bun.serve hello req/s (same run): ${(imagesPerSec / helloRps).toExponential(2)}`,
);
console.log(
  `ratio health p99 busy ÷ idle: ${(pct(busy.lat, 99) / Math.max(0.001, pct(idle.lat, 99))).toFixed(1)}×`,
);
console.log(`images/s ${imagesPerSec.toFixed(2)}   Bun.serve hello ${Math.round(helloRps)} req/s`);
console.log(
  `per job: p50 ${ms(pct(jobMs, 50))}  p99 ${ms(pct(jobMs, 99))}  (3 sizes × WebP + JPEG${options.avif ? " + AVIF" : ""}, blurhash)`,
);
console.log(
  `RSS: start ${(rss0 / 2 ** 20).toFixed(0)} MiB, peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB → ~${((rssPeak - rss0) / 2 ** 20 / CONCURRENCY).toFixed(0)} MiB per job in flight`,
);
console.log(
  `health check idle: p50 ${ms(pct(idle.lat, 50))}  p99 ${ms(pct(idle.lat, 99))}  (${idle.lat.length} probes)`,
);
console.log(
  `health check while processing: p50 ${ms(pct(busy.lat, 50))}  p99 ${ms(pct(busy.lat, 99))}  (${busy.lat.length} probes)`,
);
console.log(
  `event-loop lag while processing: p50 ${ms(pct(lag.lags, 50))}  p99 ${ms(pct(lag.lags, 99))}  max ${ms(Math.max(...lag.lags))}`,
);
