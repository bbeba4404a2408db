/**
 * Draws the Teams app icons (color 192×192, outline 32×32 white on transparent) and writes them
 * as PNG with node's zlib only, so the package needs no image dependency. Run: npx tsx scripts/make-icons.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** Encodes 8-bit RGBA pixels (row-major) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage (0–1) of the motif at a point in a unit square: three people, the front one larger. */
function motif(x: number, y: number): number {
  const person = (cx: number, cy: number, r: number): boolean => {
    const head = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    // Shoulders: the upper half of an ellipse below the head.
    const sx = (x - cx) / (r * 2.1);
    const sy = (y - (cy + r * 3.1)) / (r * 1.9);
    const body = sx * sx + sy * sy <= 1 && y <= cy + r * 3.1;
    return head || body;
  };
  const front = person(0.5, 0.36, 0.12);
  // The side people are cut where the front one stands, which keeps the glyphs apart.
  const gap = person(0.5, 0.36, 0.145);
  const side = (person(0.25, 0.42, 0.085) || person(0.75, 0.42, 0.085)) && !gap;
  return front || side ? 1 : 0;
}

function draw(size: number, pixel: (coverage: number, x: number, y: number) => [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const ss = 4; // supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) hits += motif((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
      }
      out.set(pixel(hits / (ss * ss), px, py), (py * size + px) * 4);
    }
  }
  return out;
}

/** Full-bleed accent background with the white motif (Teams rounds the corners itself). */
export function colorIcon(): Buffer {
  const bg = [0x2b, 0x57, 0x9a];
  const pixels = draw(192, (c) => [
    Math.round(bg[0] + (255 - bg[0]) * c),
    Math.round(bg[1] + (255 - bg[1]) * c),
    Math.round(bg[2] + (255 - bg[2]) * c),
    255,
  ]);
  return encodePng(192, 192, pixels);
}

/** White motif on a transparent background, as Teams requires for the outline icon. */
export function outlineIcon(): Buffer {
  return encodePng(
    32,
    32,
    draw(32, (c) => [255, 255, 255, Math.round(255 * c)]),
  );
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'appPackage');
  fs.writeFileSync(path.join(dir, 'color.png'), colorIcon());
  fs.writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
  console.log(`Wrote ${path.join(dir, 'color.png')} and ${path.join(dir, 'outline.png')}`);
}
