/**
 * Draws the add-in's ribbon and store icons (16, 32, 64, 80 and 128 px PNG): a blue tile with a
 * white ledger page of three lines and a green balance tick. Run with `npm run icons`.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { zlibSync } from "fflate";

type Rgba = [number, number, number, number];
const BLUE: Rgba = [0x0f, 0x6c, 0xbd, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREY: Rgba = [0x9e, 0xb4, 0xcc, 255];
const GREEN: Rgba = [0x10, 0x7c, 0x10, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function pixel(size: number, x: number, y: number): Rgba {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  const r = 0.14;
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return CLEAR;
  if (u > 0.2 && u < 0.8 && v > 0.14 && v < 0.86) {
    for (const line of [0.3, 0.45, 0.6]) if (v > line && v < line + 0.06 && u > 0.28 && u < 0.72) return GREY;
    if (Math.abs(v - (0.78 - Math.abs(u - 0.44) * 0.9)) < 0.05 && u > 0.34 && u < 0.72 && v > 0.66) return GREEN;
    return WHITE;
  }
  return BLUE;
}

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), Buffer.from(data)]);
  let c = 0xffffffff;
  for (const b of body) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

export function png(size: number): Buffer {
  const raw = new Uint8Array(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(size, x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", zlibSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0))]);
}

if (require.main === module) {
  for (const size of [16, 32, 64, 80, 128]) writeFileSync(path.resolve(__dirname, `../../assets/icon-${size}.png`), png(size));
}
