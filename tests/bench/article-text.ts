// The browser benchmark's article, generated from a fixed seed so that every
// run (and every clone) measures the same text: a headline, a few section
// headings and ~650 paragraphs, WORDS words in all, as Markdown.
import { random } from './random';

export const WORDS = 52_600;
export const PARAGRAPHS = 650;
const HEADINGS = 12;

const SYLLABLES = [
  'ar',
  'ben',
  'cor',
  'dal',
  'en',
  'fir',
  'gan',
  'hol',
  'in',
  'jor',
  'kel',
  'lim',
  'mar',
  'nor',
  'ol',
  'pen',
  'quin',
  'ros',
  'sal',
  'ter',
  'ul',
  'ven',
  'wes',
  'yar',
];
const COMMON = [
  'the',
  'of',
  'and',
  'to',
  'in',
  'a',
  'that',
  'said',
  'council',
  'percent',
  'million',
  'year',
  'report',
  'budget',
  'city',
  'rate',
  'since',
  'more',
  'than',
  'was',
];

export function generateArticleMarkdown(seed = 52_600): string {
  const rand = random(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const vocabulary = Array.from({ length: 400 }, () => Array.from({ length: 1 + int(3) }, () => SYLLABLES[int(SYLLABLES.length)]).join(''));
  const word = () =>
    rand() < 0.4 ? COMMON[int(COMMON.length)] : rand() < 0.06 ? String(1 + int(2030)) : vocabulary[int(vocabulary.length)];
  const capital = (w: string) => w[0].toUpperCase() + w.slice(1);
  const words = (n: number) => Array.from({ length: n }, word);

  const title = words(8).map(capital).join(' ');
  const headingWords = HEADINGS * 4;
  let left = WORDS - 8 - headingWords;
  const blocks: string[] = [`# ${title}`];
  for (let p = 0; p < PARAGRAPHS; p++) {
    if (p > 0 && p % Math.floor(PARAGRAPHS / HEADINGS) === 0 && blocks.filter((b) => b.startsWith('## ')).length < HEADINGS) {
      blocks.push(`## ${words(4).map(capital).join(' ')}`);
    }
    const average = left / (PARAGRAPHS - p);
    const n = p === PARAGRAPHS - 1 ? left : Math.max(20, Math.round(average * (0.5 + rand())));
    left -= n;
    // Sentences of 8–25 words.
    const out: string[] = [];
    let sentence = 0;
    const list = words(n);
    list.forEach((w, i) => {
      out.push(sentence === 0 ? capital(w) : w);
      sentence++;
      const end = i === list.length - 1 || (sentence >= 8 && rand() < 0.12) || sentence >= 25;
      if (end) {
        out[out.length - 1] += '.';
        sentence = 0;
      } else if (rand() < 0.05) out[out.length - 1] += ',';
    });
    blocks.push(out.join(' '));
  }
  // Pad with headings if the spacing left some out, so the count stays exact.
  while (blocks.filter((b) => b.startsWith('## ')).length < HEADINGS) blocks.push(`## ${words(4).map(capital).join(' ')}`);
  return blocks.join('\n\n') + '\n';
}
