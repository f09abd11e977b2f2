/**
 * Draws the two Teams app icons and writes them next to this file:
 *   color.png   192x192, full colour: a white ballot with a check mark above a white ballot box,
 *               on the accent colour #0F6CBD (opaque RGB)
 *   outline.png 32x32, the same shapes as white lines on a transparent background (RGBA)
 * The PNGs are committed; `npm run package` does not regenerate them. Run again after changing the
 * design:  npx tsx manifest/icons/generate.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encodePng } from "../png.js";

type Rgba = readonly [number, number, number, number];
/** true when the point (in pixel units, y down) is inside the shape */
type Shape = (x: number, y: number) => boolean;
interface Layer {
  colour: Rgba;
  shape: Shape;
}

export const ACCENT: Rgba = [0x0f, 0x6c, 0xbd, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** Signed distance to a rounded rectangle given by its corners: negative inside. */
function roundedRectDistance(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): number {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function filledRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => roundedRectDistance(x, y, x0, y0, x1, y1, r) <= 0;
}

/** The rectangle's border, `width` wide, drawn inside its bounds. */
function strokedRect(x0: number, y0: number, x1: number, y1: number, r: number, width: number): Shape {
  return (x, y) => {
    const d = roundedRectDistance(x, y, x0, y0, x1, y1, r);
    return d <= 0 && d >= -width;
  };
}

function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** A polyline with round caps and joins. */
function stroke(points: readonly (readonly [number, number])[], width: number): Shape {
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (a && b && segmentDistance(x, y, a[0], a[1], b[0], b[1]) <= width / 2) return true;
    }
    return false;
  };
}

/** Renders the layers bottom to top with 4x4 supersampling; returns straight RGBA bytes. */
export function render(size: number, layers: readonly Layer[]): Uint8Array {
  const samples = 4;
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // premultiplied accumulation, "over" compositing
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (layer.shape(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples)) hits++;
          }
        }
        const coverage = (hits / (samples * samples)) * (layer.colour[3] / 255);
        r = layer.colour[0] * coverage + r * (1 - coverage);
        g = layer.colour[1] * coverage + g * (1 - coverage);
        b = layer.colour[2] * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const at = (py * size + px) * 4;
      out[at] = a > 0 ? Math.round(r / a) : 0;
      out[at + 1] = a > 0 ? Math.round(g / a) : 0;
      out[at + 2] = a > 0 ? Math.round(b / a) : 0;
      out[at + 3] = Math.round(a * 255);
    }
  }
  return out;
}

/** 192x192: accent background, white ballot with an accent check mark, white box with a slot. */
export function colourIcon(): Uint8Array {
  return render(192, [
    { colour: ACCENT, shape: () => true },
    { colour: WHITE, shape: filledRect(62, 28, 130, 104, 8) },
    { colour: ACCENT, shape: stroke([[78, 68], [92, 83], [115, 50]], 11) },
    { colour: WHITE, shape: filledRect(34, 112, 158, 166, 10) },
    { colour: ACCENT, shape: filledRect(58, 124, 134, 131, 3.5) },
  ]);
}

/** 32x32: the same design as white lines on transparent. */
export function outlineIcon(): Uint8Array {
  return render(32, [
    { colour: WHITE, shape: strokedRect(9, 3, 23, 17, 1.5, 2) },
    { colour: WHITE, shape: stroke([[13, 10.5], [15.5, 13], [19.5, 7.5]], 2) },
    { colour: WHITE, shape: strokedRect(4, 19, 28, 29, 2, 2) },
    { colour: WHITE, shape: filledRect(10, 23, 22, 25, 1) },
  ]);
}

function main(): void {
  const dir = fileURLToPath(new URL(".", import.meta.url));
  writeFileSync(`${dir}color.png`, encodePng(192, 192, colourIcon(), { alpha: false }));
  writeFileSync(`${dir}outline.png`, encodePng(32, 32, outlineIcon(), { alpha: true }));
  console.log(`wrote ${dir}color.png (192x192) and ${dir}outline.png (32x32)`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
