// Seeded randomness and made-up prose for the benchmark's fixtures: the same seed always gives
// the same text, so runs compare like with like.

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = prng(seed);
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

// Words of the field, so section text reads like guidance rather than noise.
const WORDS = `child children young people family families parent carer carers practitioner practitioners
agency agencies partner partners partnership local authority authorities police health school schools
college colleges early help support assessment assessments plan plans need needs risk risks harm
significant welfare safeguarding safety protect protection protecting duty duties statutory guidance
should must may will can share sharing information consent record records review reviews learning
practice leadership accountability arrangements multi-agency working together respond response
referral referrals concern concerns allegation allegations abuse neglect exploitation criminal sexual
online domestic violence adolescent adolescents contextual community communities voluntary sector
organisation organisations staff training supervision culture decision decisions threshold thresholds
timely proportionate evidence outcome outcomes quality improve improvement inspection inspections
scrutiny independent chair board lead leads director designated officer nurse doctor social worker
workers team teams conference strategy discussion enquiry enquiries section act law legal framework
national regional area areas county city borough services service provision commissioning funding
budget resources priority priorities annual report reports publish published consultation update
updated revised revision chapter chapters paragraph paragraphs annex annexes appendix purpose scope
principle principles approach approaches child-centred whole system focus views wishes feelings voice
listen listening engage engagement relationship relationships trust continuity transition transitions
disabled disability mental wellbeing education attendance exclusion missing home care looked-after
leaver leavers kinship foster fostering residential secure custody youth justice probation prison
housing homelessness poverty substance misuse alcohol drugs parental conflict bereavement trauma
the the the of of of and and and to to to in in in a a for for is is are are be be by by on on with
with that that this this their their as as at at or or from from an not it its which when where
each every all any other more most new first also within across between under into through after
before during without about against`
  .split(/\s+/)
  .filter(Boolean);

const CAPITALISED = new Map<string, string>();

function capitalise(word: string): string {
  let cap = CAPITALISED.get(word);
  if (!cap) {
    cap = word[0]!.toUpperCase() + word.slice(1);
    CAPITALISED.set(word, cap);
  }
  return cap;
}

/** A sentence of `min`..`max` words, capitalised, ending in a full stop. */
export function sentence(random: Random, min = 8, max = 20): string {
  const n = random.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i += 1) words.push(random.pick(WORDS));
  words[0] = capitalise(words[0]!);
  return `${words.join(' ')}.`;
}

/** Sentences until about `words` words. */
export function prose(random: Random, words: number): string {
  const out: string[] = [];
  let count = 0;
  while (count < words) {
    const remaining = words - count;
    const s = remaining <= 8 ? sentence(random, remaining, remaining) : sentence(random, 8, Math.min(20, remaining));
    out.push(s);
    count += s.split(' ').length;
  }
  return out.join(' ');
}

/** A short title-cased heading. */
export function heading(random: Random): string {
  const n = random.int(2, 5);
  const words: string[] = [];
  for (let i = 0; i < n; i += 1) words.push(random.pick(WORDS));
  words[0] = capitalise(words[0]!);
  return words.join(' ');
}
