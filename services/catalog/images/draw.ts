/**
 * Product pictures drawn by the catalog itself as SVG: a different machine for each category
 * (a vintage tractor with spoked wheels, a driverless robot with a lidar mast, a compact with a
 * roll bar, a cab tractor with a front loader, an articulated giant or a crawler, an electric
 * tractor with its battery), varied per product and painted in the variant's colour.
 */

export interface Drawing {
  /** The accessible title: the variant's name. */
  title: string;
  /** The body colour, `#rrggbb`. */
  color: string;
  category: string;
  /** A small number that varies the drawing between products of a category (1, 2, 3, …). */
  model: number;
  /** The product's name: a few names change the drawing (tracks for "Crawler", "Quadtrac"). */
  productName: string;
}

const INK = "#1f2328";
const TYRE = "#2b2b2b";
const GLASS = "#cfe3f1";

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A tyre with tread, a rim (in `rim`) and a hub; `spokes` draws a spoked classic wheel. */
function wheel(cx: number, cy: number, r: number, rim = "#c9c9c9", spokes = 0): string {
  const tread = `<circle cx="${cx}" cy="${cy}" r="${r - 3}" fill="none" stroke="#444" stroke-width="6" stroke-dasharray="5 6"/>`;
  const rimR = Math.round(r * 0.5);
  let spokeLines = "";
  for (let i = 0; i < spokes; i++) {
    const a = (i * 2 * Math.PI) / spokes;
    const x = (cx + Math.cos(a) * rimR * 0.95).toFixed(1);
    const y = (cy + Math.sin(a) * rimR * 0.95).toFixed(1);
    spokeLines += `<line x1="${cx}" y1="${cy}" x2="${x}" y2="${y}" stroke="${INK}" stroke-width="3"/>`;
  }
  return `<g><circle cx="${cx}" cy="${cy}" r="${r}" fill="${TYRE}"/>${tread}<circle cx="${cx}" cy="${cy}" r="${rimR}" fill="${rim}" stroke="${INK}" stroke-width="2"/>${spokeLines}<circle cx="${cx}" cy="${cy}" r="${Math.max(4, Math.round(r * 0.14))}" fill="${INK}"/></g>`;
}

function track(x: number, y: number, w: number, h: number, rollers: number): string {
  let inner = "";
  for (let i = 0; i < rollers; i++) {
    const cx = x + h / 2 + (i * (w - h)) / Math.max(1, rollers - 1);
    inner += `<circle cx="${cx.toFixed(1)}" cy="${y + h / 2}" r="${h * 0.3}" fill="#6b6b6b" stroke="${INK}" stroke-width="2"/>`;
  }
  return `<g><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${h / 2}" fill="${TYRE}"/><rect x="${x + 4}" y="${y + 4}" width="${w - 8}" height="${h - 8}" rx="${h / 2 - 4}" fill="none" stroke="#555" stroke-width="4" stroke-dasharray="6 5"/>${inner}</g>`;
}

function seatAndWheel(x: number, y: number): string {
  return `<path d="M${x} ${y} h26 v-8 h-18 v-22 h-8 z" fill="${INK}"/><line x1="${x - 10}" y1="${y - 6}" x2="${x - 24}" y2="${y - 26}" stroke="${INK}" stroke-width="4"/><ellipse cx="${x - 26}" cy="${y - 28}" rx="11" ry="4" fill="none" stroke="${INK}" stroke-width="4"/>`;
}

function classic(d: Drawing): string {
  const rear = 54 + (d.model % 3) * 4;
  const hoodEnd = 240 - (d.model % 2) * 12;
  const grille =
    d.model % 2 === 0
      ? `<rect x="78" y="128" width="18" height="50" rx="6" fill="#d0d0c8" stroke="${INK}" stroke-width="2"/><path d="M83 134v38M87 134v38M91 134v38" stroke="${INK}" stroke-width="2"/>`
      : `<rect x="78" y="128" width="18" height="50" rx="9" fill="${d.color}" stroke="${INK}" stroke-width="2"/><path d="M82 140h10M82 150h10M82 160h10M82 170h10" stroke="${INK}" stroke-width="2"/>`;
  const stackX = 120 + (d.model % 3) * 18;
  const canopy =
    d.model % 3 === 0
      ? `<path d="M252 140 V74 M312 150 V74" stroke="${INK}" stroke-width="4"/><path d="M240 74 h84 l-6 -10 h-72 z" fill="#f3e9d2" stroke="${INK}" stroke-width="2.5"/>`
      : "";
  return `${canopy}${wheel(285, 232 - rear, rear, "#c23b22", 8)}
<rect x="${stackX}" y="82" width="9" height="52" fill="${INK}"/><rect x="${stackX - 2}" y="78" width="13" height="8" rx="2" fill="${INK}"/>
<rect x="88" y="124" width="${hoodEnd - 88}" height="58" rx="20" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
${grille}
<rect x="${hoodEnd - 6}" y="150" width="56" height="34" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<path d="M${285 - rear - 6} ${236 - rear} a${rear + 6} ${rear + 6} 0 0 1 ${2 * rear + 12} 0" fill="none" stroke="${d.color}" stroke-width="12"/>
${seatAndWheel(268, 138)}
${wheel(118, 206, 26, "#c23b22", 5)}`;
}

function autonomous(d: Drawing): string {
  const small = /RowBot|Vinebot/.test(d.productName);
  const mast = 40 + (d.model % 3) * 14;
  const top = small ? 150 : 128;
  const solar =
    d.model % 2 === 0
      ? `<rect x="150" y="${top - 12}" width="110" height="10" fill="#24364d" stroke="${INK}" stroke-width="2"/><path d="M172 ${top - 12}v10M194 ${top - 12}v10M216 ${top - 12}v10M238 ${top - 12}v10" stroke="#7fa3c9" stroke-width="1.5"/>`
      : "";
  const straddle = /Vinebot/.test(d.productName)
    ? `<path d="M150 ${top + 40} v40 M250 ${top + 40} v40" stroke="${INK}" stroke-width="10"/>`
    : "";
  return `${straddle}<rect x="92" y="${top}" width="216" height="${small ? 40 : 56}" rx="16" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
${solar}
<rect x="198" y="${top - mast}" width="6" height="${mast}" fill="${INK}"/>
<ellipse cx="201" cy="${top - mast - 8}" rx="18" ry="12" fill="#1d2a38"/><rect x="185" y="${top - mast - 11}" width="32" height="4" fill="#5ad1ff"/>
<circle cx="104" cy="${top + 18}" r="6" fill="#5ad1ff" stroke="${INK}" stroke-width="2"/><circle cx="296" cy="${top + 18}" r="6" fill="#5ad1ff" stroke="${INK}" stroke-width="2"/>
<circle cx="140" cy="${top + 10}" r="4" fill="#3ccf4e"/><circle cx="154" cy="${top + 10}" r="4" fill="#3ccf4e"/>
${wheel(132, small ? 206 : 196, small ? 26 : 36, "#9aa3ad")}${wheel(268, small ? 206 : 196, small ? 26 : 36, "#9aa3ad")}`;
}

function compact(d: Drawing): string {
  const mower =
    d.model % 3 === 0
      ? `<rect x="150" y="214" width="96" height="12" rx="4" fill="#555" stroke="${INK}" stroke-width="2"/>`
      : "";
  const loader =
    d.model % 3 === 1
      ? `<path d="M238 150 L150 142 L104 196" fill="none" stroke="${INK}" stroke-width="8"/><path d="M84 184 h36 l-6 30 h-30 z" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>`
      : "";
  return `${mower}<path d="M262 88 v60 M300 88 v60 M258 90 h46" fill="none" stroke="${INK}" stroke-width="8" stroke-linecap="round"/>
${wheel(276, 190, 40, "#f0c419")}
<rect x="124" y="150" width="126" height="38" rx="12" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<rect x="240" y="160" width="62" height="24" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
${seatAndWheel(270, 158)}
${loader}${wheel(148, 206, 24, "#f0c419")}`;
}

function utility(d: Drawing): string {
  const cabTop = 64 + (d.model % 2) * 8;
  const loader =
    d.model % 2 === 1
      ? `<path d="M222 120 L130 112 L76 186" fill="none" stroke="${INK}" stroke-width="10"/><path d="M44 176 h46 l-8 40 h-38 z" fill="#5a5a5a" stroke="${INK}" stroke-width="2.5"/>`
      : `<rect x="60" y="150" width="20" height="30" fill="#5a5a5a" stroke="${INK}" stroke-width="2"/>`;
  return `${wheel(272, 174, 58, "#e8c547")}
<rect x="206" y="${cabTop}" width="104" height="96" rx="8" fill="${GLASS}" stroke="${INK}" stroke-width="3"/>
<rect x="200" y="${cabTop - 8}" width="116" height="12" rx="4" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<path d="M258 ${cabTop + 4} v92" stroke="${INK}" stroke-width="3"/>
<rect x="196" y="${cabTop + 8}" width="6" height="50" fill="${INK}"/>
<rect x="84" y="126" width="146" height="56" rx="10" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<path d="M96 138 h40 M96 148 h40 M96 158 h40" stroke="${INK}" stroke-width="2"/>
<rect x="206" y="156" width="110" height="28" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
${loader}${wheel(122, 198, 34, "#e8c547")}`;
}

function heavyDuty(d: Drawing): string {
  const tracks = /Crawler|Quadtrac/.test(d.productName);
  const running = tracks
    ? /Quadtrac/.test(d.productName)
      ? `${track(50, 190, 120, 44, 3)}${track(230, 190, 120, 44, 3)}`
      : track(60, 188, 280, 48, 5)
    : `${wheel(126, 188, 48, "#e8c547")}${wheel(114, 192, 46, "#d6b43c")}${wheel(292, 188, 48, "#e8c547")}${wheel(280, 192, 46, "#d6b43c")}`;
  const cabX = 178 + (d.model % 2) * 10;
  return `<rect x="60" y="128" width="140" height="44" rx="8" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<rect x="208" y="128" width="132" height="44" rx="8" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<circle cx="204" cy="150" r="12" fill="${INK}"/>
<rect x="${cabX}" y="56" width="86" height="76" rx="8" fill="${GLASS}" stroke="${INK}" stroke-width="3"/>
<rect x="${cabX - 6}" y="48" width="98" height="12" rx="4" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<rect x="82" y="86" width="10" height="44" fill="${INK}"/><rect x="98" y="94" width="10" height="36" fill="${INK}"/>
<path d="M72 140 h50 M72 152 h50" stroke="${INK}" stroke-width="2"/>
${running}`;
}

function electric(d: Drawing): string {
  const solar =
    d.model % 2 === 0
      ? `<rect x="214" y="70" width="92" height="8" fill="#24364d"/><path d="M232 70v8M250 70v8M268 70v8M286 70v8" stroke="#7fa3c9" stroke-width="1.5"/>`
      : "";
  return `${wheel(270, 182, 50, d.color)}
<path d="M214 166 V96 Q214 78 236 78 H290 Q310 78 310 98 V166 z" fill="${GLASS}" stroke="${INK}" stroke-width="3"/>
${solar}
<path d="M84 176 V148 Q84 126 112 126 H226 Q244 126 244 146 V176 z" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<rect x="110" y="138" width="66" height="30" rx="6" fill="#f5f5f0" stroke="${INK}" stroke-width="2"/>
<path d="M146 141 l-12 14 h9 l-5 11 l14 -16 h-9 z" fill="#f0b400" stroke="${INK}" stroke-width="1"/>
<rect x="218" y="150" width="100" height="26" rx="6" fill="${d.color}" stroke="${INK}" stroke-width="2.5"/>
<circle cx="94" cy="150" r="5" fill="#5ad1ff" stroke="${INK}" stroke-width="1.5"/>
${wheel(126, 202, 32, d.color)}`;
}

const DRAWERS: Record<string, (d: Drawing) => string> = {
  classic,
  autonomous,
  compact,
  utility,
  "heavy-duty": heavyDuty,
  electric,
};

/** The variant's picture as an SVG document (400 × 300), titled with the variant's name. */
export function drawProduct(d: Drawing): string {
  const body = (DRAWERS[d.category] ?? utility)(d);
  const sky = ["#f4f1ea", "#eef3f6", "#f3efe6", "#eef2ea"][d.model % 4];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-labelledby="t"><title id="t">${escapeXml(d.title)}</title>
<rect width="400" height="300" fill="${sky}"/><circle cx="${330 - (d.model % 4) * 60}" cy="52" r="22" fill="#f6d77c" opacity="0.7"/>
<rect y="232" width="400" height="68" fill="#d9cfb8"/><path d="M0 244 H400 M0 262 H400 M0 282 H400" stroke="#c8bc9f" stroke-width="3"/>
${body}
</svg>`;
}
