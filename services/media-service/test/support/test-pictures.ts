import sharp from "sharp";

/**
 * A "photo" for perceptual-hash tests: a gradient sky with a sun and hills, or a skyline, rendered
 * from SVG as a JPEG `width` px wide. Structured enough for a dHash to mean something.
 */
export function scene(width: number, variant: "hills" | "city" = "hills"): Promise<Buffer> {
  const shapes =
    variant === "hills"
      ? `<circle cx="480" cy="120" r="70" fill="#ffd54a"/>
         <path d="M0 420 Q160 260 320 400 T640 360 V480 H0 Z" fill="#2e7d32"/>
         <path d="M0 470 Q200 380 420 460 T640 440 V480 H0 Z" fill="#1b5e20"/>`
      : `<rect x="40" y="180" width="90" height="300" fill="#37474f"/>
         <rect x="170" y="90" width="110" height="390" fill="#263238"/>
         <rect x="330" y="240" width="80" height="240" fill="#455a64"/>
         <rect x="450" y="140" width="140" height="340" fill="#212121"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1e88e5"/><stop offset="1" stop-color="#bbdefb"/></linearGradient></defs>
    <rect width="640" height="480" fill="url(#sky)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).resize(width).jpeg({ quality: 92 }).toBuffer();
}

/** The near-duplicate a re-upload makes: resized to `width` px and re-encoded as a lossy WebP. */
export function reencoded(bytes: Uint8Array, width = 300, quality = 55): Promise<Buffer> {
  return sharp(bytes).resize(width).webp({ quality }).toBuffer();
}
