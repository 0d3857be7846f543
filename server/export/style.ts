// The export's stylesheet and the palette it is built from. The palette is data
// so that a unit test can check every text-on-background pair for WCAG contrast;
// verdict colours come from the database, so text never takes them: it stays
// neutral, and verdicts show as low-alpha tints, solid underline stripes and badges.
import { safeColour } from '../domain/verdicts';

export interface Palette {
  bg: string;
  ink: string;
  muted: string;
  rule: string;
  link: string;
  accent: string;
  quote: string;
  pill: string;
  pillBorder: string;
  pillHover: string;
  code: string;
  /** Background of the note a link has just jumped to. */
  target: string;
}

export const LIGHT: Palette = {
  bg: '#ffffff',
  ink: '#1b1b1b',
  muted: '#555555',
  rule: '#d6d6d6',
  // Darker than the usual link blue so links inside stacked highlights stay above 4.5:1.
  link: '#0842a0',
  accent: '#8a1c1c',
  quote: '#333333',
  pill: '#f7f7f7',
  pillBorder: '#9a9a9a',
  pillHover: '#ececec',
  code: '#f2f2f2',
  target: '#fff6d5',
};

export const DARK: Palette = {
  bg: '#17191c',
  ink: '#e8e6e3',
  muted: '#a9adb2',
  rule: '#3b3f45',
  link: '#a8c7fa',
  accent: '#f2a09a',
  quote: '#d0d3d7',
  pill: '#25282c',
  pillBorder: '#6b7078',
  pillHover: '#30343a',
  code: '#25282c',
  target: '#3a3420',
};

/**
 * Opacity (of 255) of one verdict tint behind highlighted text, and of a
 * verdict badge's fill. Low enough that neutral text on any tint of the default
 * scale, stacked MAX_TINTS deep, stays above 4.5:1 in both schemes (the test
 * computes it); dark mode can afford a little more because the tints darken less.
 */
export const TINT_ALPHA = { light: 0x24, dark: 0x30 } as const;
export const BADGE_ALPHA = { light: 0x1f, dark: 0x30 } as const;
/** Tints stack on overlaps, so cap them to keep text on a deep overlap readable. */
export const MAX_TINTS = 3;
/** Each covering annotation gets a solid stripe this many pixels high, the nth n stripes up. */
export const STRIPE_PX = 3;

/** A `#rrggbb` colour, so that an alpha suffix can be appended for tints. */
export function hexColour(colour: string): string {
  const hex = safeColour(colour).toLowerCase();
  return hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex;
}

function alpha(value: number): string {
  return value.toString(16).padStart(2, '0');
}

/**
 * CSS classes for the verdict colours one page uses. Colours go into the
 * stylesheet instead of style attributes, so the page has no inline styles and
 * a colour is checked once, here, on its way into CSS.
 */
export class ColourSheet {
  private marks = new Map<string, { name: string; colours: string[] }>();
  private badges = new Map<string, string>();

  /** The class for a highlight covered by `colours`, outermost first. */
  markClass(colours: readonly string[]): string {
    const safe = colours.map(hexColour);
    const key = safe.join(' ');
    let entry = this.marks.get(key);
    if (!entry) {
      entry = { name: `fc-tint-${this.marks.size + 1}`, colours: safe };
      this.marks.set(key, entry);
    }
    return entry.name;
  }

  /** The class for a verdict badge or swatch of `colour`. */
  badgeClass(colour: string): string {
    const safe = hexColour(colour);
    let name = this.badges.get(safe);
    if (!name) {
      name = `fc-verdict-${this.badges.size + 1}`;
      this.badges.set(safe, name);
    }
    return name;
  }

  css(): string {
    const light: string[] = [];
    const dark: string[] = [];
    for (const { name, colours } of this.marks.values()) {
      const tints = (a: number) =>
        colours
          .slice(0, MAX_TINTS)
          .map((c) => `linear-gradient(${c}${alpha(a)},${c}${alpha(a)})`)
          .join(',');
      const stripes = colours.map((c, i) => `inset 0 -${(i + 1) * STRIPE_PX}px 0 ${c}`).join(',');
      light.push(
        `mark.${name}{background-image:${tints(TINT_ALPHA.light)};box-shadow:${stripes};padding-bottom:${colours.length * STRIPE_PX - 1}px}`,
      );
      dark.push(`mark.${name}{background-image:${tints(TINT_ALPHA.dark)}}`);
    }
    for (const [colour, name] of this.badges) {
      light.push(`.${name}{border-color:${colour};background-color:${colour}${alpha(BADGE_ALPHA.light)}}`);
      dark.push(`.${name}{background-color:${colour}${alpha(BADGE_ALPHA.dark)}}`);
    }
    return `${light.join('\n')}\n${DARK_MEDIA}{\n${dark.join('\n')}\n}`;
  }
}

/**
 * Dark mode is for screens only, so a page printed from a dark browser still
 * prints dark text on white paper.
 */
const DARK_MEDIA = '@media screen and (prefers-color-scheme:dark)';

function vars(p: Palette): string {
  return (
    `--bg:${p.bg};--ink:${p.ink};--muted:${p.muted};--rule:${p.rule};--link:${p.link};--accent:${p.accent};` +
    `--quote:${p.quote};--pill:${p.pill};--pill-border:${p.pillBorder};--pill-hover:${p.pillHover};--code:${p.code};--target:${p.target}`
  );
}

// System fonts only, so nothing is fetched.
const SANS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';
const SERIF = 'Charter,"Bitstream Charter","Iowan Old Style","Sitka Text",Cambria,Georgia,serif';
const MONO = 'ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace';

const BASE = `
:root{color-scheme:light dark;${vars(LIGHT)}}
${DARK_MEDIA}{:root{${vars(DARK)}}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1.125rem/1.7 ${SERIF}}
.page{max-width:42rem;margin:0 auto;padding:2.5rem 1.25rem 4rem;overflow-wrap:break-word}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible{outline:2px solid var(--link);outline-offset:2px;border-radius:2px}
.kicker,.meta,.note-ref,.notes,.summary,.conclusion-heading,.updates,.public-footer,.excerpts-heading{font-family:${SANS}}
.conclusion{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid var(--accent);background:var(--pill)}
.conclusion-heading{margin:0 0 .25rem;font-size:1rem}
.conclusion p{margin:.25rem 0}
.updates,.public-footer{margin:1.5rem 0;font-size:.95rem}
.updates h2,.public-footer h2{font-size:1.1rem}
.updates ul,.public-footer ul{padding-left:1.25rem}
.version-notice{padding:.5rem .75rem;border:1px solid var(--rule);background:var(--pill)}
.tombstone{padding:1rem;border:1px solid var(--rule)}
.omitted{color:var(--muted);text-align:center}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.kicker{margin:0 0 .5rem;color:var(--accent);font-size:.8rem;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.article-header{margin-bottom:2rem;padding-bottom:1.25rem;border-bottom:1px solid var(--rule)}
.article-title{margin:0 0 1rem;font-size:2.4rem;line-height:1.15;letter-spacing:-.01em}
.meta{color:var(--muted);font-size:.9rem;line-height:1.5}
.meta p{margin:.2rem 0}
.meta a,.notes a,.evidence-url,.evidence-unlinked,.claim-meta dd{overflow-wrap:anywhere}
.meta bdi{color:var(--ink)}
.summary{margin:0 0 2.25rem;padding:1rem 1.1rem;border:1px solid var(--rule);border-radius:6px;font-size:.95rem;line-height:1.5}
.summary h2{margin:0 0 .6rem;font-size:1.05rem}
.summary-bar{display:block;width:100%;height:.75rem;margin:0 0 .75rem;border-radius:3px}
.summary-list{display:flex;flex-wrap:wrap;gap:.4rem 1.1rem;margin:0;padding:0;list-style:none}
.summary-list .count{font-weight:700}
.summary p{margin:.6rem 0 0;color:var(--muted)}
.article-body h2,.article-body h3,.article-body h4,.article-body h5,.article-body h6{margin:2rem 0 .75rem;line-height:1.25}
.article-body h2{font-size:1.6rem}.article-body h3{font-size:1.3rem}.article-body h4,.article-body h5,.article-body h6{font-size:1.1rem}
.article-body p{margin:0 0 1.1rem}
.article-body ul,.article-body ol{margin:0 0 1.1rem;padding-left:1.5rem}
.article-body li>p{margin:.25rem 0}
blockquote{margin:1.5rem 0;padding:0 0 0 1.25rem;border-left:3px solid var(--rule);color:var(--quote)}
code{padding:.1em .3em;border-radius:3px;background:var(--code);font:.88em/1 ${MONO}}
mark.fc-mark{background-color:transparent;color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.fc-mark[data-status~=draft]{outline:1px dashed var(--muted);outline-offset:1px}
.note-ref{margin-left:.2em;font-size:.7rem;line-height:0;white-space:nowrap}
.note-ref a{padding:.05em .45em;border:1px solid var(--pill-border);border-radius:999px;background:var(--pill);color:var(--ink);font-weight:600;text-decoration:none}
.note-ref a:hover{background:var(--pill-hover)}
.note-ref .draft-flag{font-weight:400;font-style:italic}
.note-ref .note-icon::before{content:attr(data-icon) " "}
.note-ref .sep::before{content:"·"}
.notes{margin-top:3.5rem;padding-top:1rem;border-top:2px solid var(--ink);font-size:1rem;line-height:1.55}
.notes h2{margin:0 0 1rem;font-size:1.4rem}
.note-list{margin:0;padding-left:1.75rem}
.note-list>li::marker{font-weight:700}
.note{padding:.75rem 0 1rem;border-bottom:1px solid var(--rule)}
.note:target{background:var(--target);box-shadow:-.5rem 0 0 var(--target),.5rem 0 0 var(--target)}
.note-head{margin:0 0 .5rem}
.verdict{display:inline-block;padding:.1em .65em;border:2px solid;border-radius:999px;font-size:.85rem;font-weight:700}
.summary .verdict{padding:0 .5em;border-width:1px;font-size:.85rem}
.verdict-icon{margin-right:.2em}
.draft-badge{display:inline-block;margin-left:.5rem;padding:0 .5em;border:1px dashed var(--muted);border-radius:3px;font-size:.8rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase}
.not-found{margin-left:.6rem;color:var(--accent);font-size:.85rem;font-style:italic}
.claim{margin:.5rem 0 .25rem;font-weight:600}
.note-quote{margin:.5rem 0;font-family:${SERIF};font-size:1.05rem;font-style:italic}
.note-quote p,.evidence blockquote p{margin:0}
.claim-meta{margin:.5rem 0;font-size:.92rem}
.claim-meta div{display:flex;flex-wrap:wrap;gap:0 .4rem}
.claim-meta dt{color:var(--muted)}
.claim-meta dt::after{content:":"}
.claim-meta dd{margin:0}
.rationale p{margin:.5rem 0}
.evidence-heading{margin:.9rem 0 .25rem;color:var(--muted);font-size:.75rem;letter-spacing:.06em;text-transform:uppercase}
.evidence{margin:0;padding-left:1.2rem}
.evidence li{margin:.35rem 0}
.evidence-url{display:block;color:var(--muted);font-size:.85rem}
.evidence blockquote{margin:.3rem 0 .5rem;font-size:.92rem}
.note-meta{margin:.75rem 0 0;color:var(--muted);font-size:.85rem}
.author{color:var(--ink);font-weight:600}
@media (max-width:30rem){body{font-size:1.05rem}.article-title{font-size:1.9rem}}
`.trim();

/**
 * Print: black on white whatever the screen scheme, the highlights and the
 * summary bar kept (browsers drop backgrounds unless told), notes as a compact
 * footnote list after the article, and the address of every link in the notes
 * and header printed after it unless the address is already its visible text.
 */
const PRINT = `
@media print{
@page{margin:2cm}
body{font-size:11pt;line-height:1.5}
.page{max-width:none;padding:0}
a{color:inherit}
mark.fc-mark,.verdict,.note-ref a,.summary-bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.summary{break-inside:avoid}
.notes{margin-top:2rem;padding-top:.5rem;border-top-width:1px;font-size:9pt;line-height:1.4}
.notes h2{font-size:12pt}
.note{padding:.35rem 0;border-bottom:0;break-inside:avoid}
.note-quote{font-size:9.5pt}
h1,h2,h3,h4,h5,h6{break-after:avoid}
.meta a[href^="http"]:not(.shows-url)::after,.notes a[href^="http"]:not(.shows-url)::after{content:" (" attr(href) ")";font-size:.85em}
.back{display:none}
}
`.trim();

/** The page's one stylesheet: base rules, this page's verdict colours, then print. */
export function stylesheet(sheet: ColourSheet): string {
  return `${BASE}\n${sheet.css()}\n${PRINT}`;
}
