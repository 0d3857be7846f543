// A claim as the terms "Checked before" matches on: accents and case folded,
// small words dropped, numbers in one form whether written in digits or words
// ("half a billion" = "500 million" = n500000000) plus a rounded form
// ("about 100" and "98" share r1e2), words stemmed (Porter) and a few
// synonyms brought to one word. Pure: no database, no network.
import { stemmer } from 'stemmer';

export interface TermOptions {
  /** Porter stemming (on by default). */
  stem?: boolean;
  /** Numbers written as words, with scales, and rounded (on by default). */
  numbers?: boolean;
  /** The synonym list below (on by default). */
  synonyms?: boolean;
}

const STOPWORDS = new Set(
  `a an the and or but nor of to in on at by for from with without into onto over under than then that this these those
  it its it's is are was were be been being am has have had having do does did done will would shall should can could may might must
  as so such there their they them he him his she her we our us you your i me my who whom whose which what when where why how
  not no yes also just only very too more most less least some any all each every both either neither other another
  about around roughly approximately nearly almost close circa some approx estimated estimate just over under up to upwards
  according says said say saying claims claimed claim states stated told tells reported reports per cent via while during since
  if because though although whether one's itself themselves himself herself last year's`.split(/\s+/),
);
// "per", "cent" and "percent" are handled with numbers: "40 per cent" = "40%" = "forty percent".
STOPWORDS.delete('per');
STOPWORDS.delete('cent');

/**
 * Words that mean the same in a claim, first word of each group standing for
 * the group. Written for this app (general newsroom vocabulary): a small list,
 * not a thesaurus. Matched after stemming, so "rises" and "rising" are "rise".
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['rise', 'increase', 'grow', 'growth', 'climb', 'jump', 'soar', 'surge', 'gain', 'went up', 'go up', 'boost', 'higher'],
  [
    'fall',
    'decrease',
    'drop',
    'decline',
    'shrink',
    'plunge',
    'slump',
    'fell',
    'went down',
    'go down',
    'lower',
    'reduce',
    'reduction',
    'cut',
  ],
  ['double', 'doubled', 'twice', 'twofold'],
  ['triple', 'tripled', 'threefold', 'thrice'],
  ['loan', 'lending', 'lend', 'credit', 'borrow', 'borrowing', 'microloan', 'microcredit'],
  ['people', 'person', 'persons', 'individual', 'resident', 'citizen', 'inhabitant', 'population', 'folk'],
  ['child', 'children', 'kid', 'minor', 'youngster', 'pupil'],
  ['job', 'employment', 'post', 'position', 'workplace', 'vacancy'],
  ['unemployed', 'jobless', 'unemployment', 'joblessness', 'out of work'],
  ['worker', 'employee', 'staff', 'labourer', 'laborer', 'workforce'],
  ['money', 'fund', 'funding', 'cash', 'finance', 'financing'],
  ['spend', 'spending', 'expenditure', 'outlay', 'spent'],
  ['cost', 'price', 'expense', 'fee', 'charge'],
  ['pay', 'wage', 'salary', 'earning', 'income', 'paid'],
  ['tax', 'levy', 'duty', 'taxation'],
  ['government', 'administration', 'state', 'authorities', 'ministry', 'cabinet'],
  ['country', 'nation', 'national', 'nationwide'],
  ['world', 'global', 'worldwide', 'planet', 'globe'],
  ['city', 'town', 'municipality', 'urban', 'municipal'],
  ['company', 'firm', 'business', 'corporation', 'enterprise'],
  ['home', 'house', 'housing', 'dwelling', 'household'],
  ['doctor', 'physician', 'medic', 'gp'],
  ['hospital', 'clinic', 'infirmary'],
  ['illness', 'disease', 'sickness', 'ailment', 'condition'],
  ['vaccine', 'vaccination', 'jab', 'shot', 'immunisation', 'immunization', 'inoculation'],
  ['death', 'die', 'dead', 'fatality', 'kill', 'killed', 'fatal', 'mortality', 'perish'],
  ['car', 'vehicle', 'automobile', 'motorcar'],
  ['crime', 'offence', 'offense', 'criminal'],
  ['murder', 'homicide', 'killing'],
  ['police', 'officer', 'policeman', 'constabulary', 'cop'],
  ['school', 'classroom', 'academy'],
  ['student', 'learner', 'schoolchild'],
  ['teacher', 'educator', 'instructor'],
  ['immigrant', 'migrant', 'newcomer', 'incomer'],
  ['farmer', 'grower', 'producer'],
  ['harvest', 'crop', 'yield'],
  ['emission', 'pollution', 'discharge'],
  ['electricity', 'power', 'energy'],
  ['renewable', 'green', 'clean'],
  ['biggest', 'largest', 'greatest', 'highest', 'record'],
  ['smallest', 'lowest', 'fewest', 'least'],
  ['start', 'begin', 'launch', 'introduce', 'commence'],
  ['stop', 'end', 'halt', 'cease', 'scrap', 'abolish'],
  ['ban', 'prohibit', 'outlaw', 'forbid'],
  ['build', 'construct', 'erect', 'built'],
  ['buy', 'purchase', 'acquire', 'bought'],
  ['poor', 'poverty', 'impoverished', 'low income', 'needy'],
  ['rich', 'wealthy', 'affluent', 'wealth'],
  ['women', 'woman', 'female'],
  ['men', 'man', 'male'],
  ['year', 'annual', 'annually', 'yearly', 'per year', 'a year'],
  ['month', 'monthly'],
  ['day', 'daily'],
  ['percent', 'per cent', 'percentage', '%', 'pc'],
  ['fraud', 'scam', 'swindle'],
  ['water', 'drinking'],
  ['tree', 'forest', 'woodland'],
  ['bank', 'lender'],
  ['debt', 'arrears', 'owe', 'owed'],
  ['vote', 'ballot', 'voter', 'elector'],
  ['law', 'legislation', 'act', 'statute', 'bill'],
  ['rent', 'rental', 'tenancy'],
  ['food', 'meal', 'nutrition'],
  ['phone', 'mobile', 'smartphone', 'cellphone'],
];

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
};
const FRACTIONS: Record<string, number> = { half: 0.5, quarter: 0.25, third: 1 / 3 };

/** Case and accents folded, curly quotes and dashes made plain. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

/** Words and numbers, in order; "5,000" and "1.5" stay one token, "40%" and "$3bn" become number + unit. */
function tokens(folded: string): string[] {
  const out: string[] = [];
  // Hyphens split ("twenty-five", "300-bed", "rush-hour"); apostrophes stay inside a word.
  for (const match of folded.matchAll(/\d[\d,]*(?:\.\d+)?|[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|%/gu)) {
    const token = match[0];
    // "3bn", "5k": digits glued to a scale.
    const glued = /^(\d[\d,]*(?:\.\d+)?)([a-z]+)$/.exec(token);
    if (glued) out.push(glued[1], glued[2]);
    else out.push(token);
  }
  return out;
}

const isDigits = (t: string) => /^\d[\d,]*(\.\d+)?$/.test(t);

/** The tokens with every number (in digits, words, or both, with scales and fractions) as one `#value` token. */
function numbersAsValues(input: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < input.length) {
    let j = i;
    let total = 0;
    let current = 0;
    let seen = false;
    let fraction: number | null = null;
    for (; j < input.length; j++) {
      const t = input[j];
      if (isDigits(t)) {
        // Two numbers in a row ("2019 500") are two numbers.
        if (seen && current !== 0) break;
        current += Number(t.replace(/,/g, ''));
        seen = true;
      } else if (t in NUMBER_WORDS) {
        current += NUMBER_WORDS[t];
        seen = true;
      } else if (t in FRACTIONS && !seen) {
        fraction = FRACTIONS[t];
        seen = true;
        // "half a billion", "a quarter of a million"
        while (input[j + 1] === 'a' || input[j + 1] === 'of' || input[j + 1] === 'an') j++;
      } else if (
        t in SCALES &&
        (seen || ((t === 'hundred' || t === 'thousand' || t === 'million' || t === 'billion') && input[j - 1] === 'a'))
      ) {
        const scale = SCALES[t];
        const base = fraction ?? (current === 0 ? 1 : current);
        fraction = null;
        if (scale === 100) current = base * 100;
        else {
          total += base * scale;
          current = 0;
        }
        seen = true;
      } else if (t === 'and' && seen && j + 1 < input.length && (input[j + 1] in NUMBER_WORDS || isDigits(input[j + 1]))) {
        // "two hundred and fifty"
      } else if (
        t === 'a' &&
        !seen &&
        j + 1 < input.length &&
        (input[j + 1] === 'hundred' ||
          input[j + 1] === 'thousand' ||
          input[j + 1] === 'million' ||
          input[j + 1] === 'billion' ||
          input[j + 1] === 'dozen')
      ) {
        current = 0;
        if (input[j + 1] === 'dozen') {
          current = 12;
          j++;
        }
        seen = true;
      } else break;
    }
    if (!seen || j === i) {
      out.push(input[i]);
      i++;
      continue;
    }
    const value = total + (fraction ?? 0) + current;
    out.push(`#${value}`);
    i = j;
  }
  return out;
}

/** 487000000 → "5e8": one significant digit, for rounded figures. */
function rounded(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  let mantissa = Math.round(value / 10 ** exponent);
  let e = exponent;
  if (mantissa === 10) {
    mantissa = 1;
    e++;
  }
  return `${mantissa}e${e}`;
}

const numberToken = (value: number) => `n${String(Number(value.toPrecision(6))).replace('.', 'p')}`;

let synonymMap: Map<string, string> | null = null;
/** Stemmed word (or two-word phrase) → the stem of its group's first word. */
function synonyms(): Map<string, string> {
  if (synonymMap) return synonymMap;
  synonymMap = new Map();
  for (const group of SYNONYM_GROUPS) {
    const head = stemmer(group[0]);
    for (const word of group) synonymMap.set(word.split(' ').map(stemmer).join(' '), head);
  }
  return synonymMap;
}

/**
 * The claim's terms, in order, duplicates removed: what claim_fts stores and what a
 * new claim is matched with. Each is a plain token (letters and digits), safe inside an FTS5 phrase.
 */
export function claimTerms(text: string, options: TermOptions = {}): string[] {
  const { stem = true, numbers = true, synonyms: useSynonyms = true } = options;
  let words = tokens(fold(text));
  if (numbers) words = numbersAsValues(words);
  const out: string[] = [];
  const map = useSynonyms ? synonyms() : null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.startsWith('#')) {
      const value = Number(word.slice(1));
      out.push(numberToken(value), `r${rounded(value).replace('.', 'p')}`);
      continue;
    }
    if (word === '%') {
      out.push(map ? 'percent' : 'pct');
      continue;
    }
    if (STOPWORDS.has(word) && !(map && (word === 'per' || word === 'cent'))) continue;
    const stemmed = stem ? stemmer(word) : word;
    if (map) {
      // Two-word synonyms first ("per cent", "went up").
      const next = words[i + 1];
      const pair = next && !next.startsWith('#') ? `${stemmed} ${stem ? stemmer(next) : next}` : null;
      if (pair && map.has(pair)) {
        out.push(map.get(pair)!);
        i++;
        continue;
      }
      if (word === 'per' || word === 'cent') continue;
      out.push(map.get(stemmed) ?? stemmed);
    } else {
      if (word === 'per' || word === 'cent') continue;
      out.push(stemmed);
    }
  }
  return [...new Set(out.map((t) => t.replace(/[^\p{L}\p{N}]/gu, '')).filter((t) => t.length > 0))];
}
