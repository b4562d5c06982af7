// The evidence behind the TASP seed: when each archive issue can have appeared, judged from what
// it reports rather than from its season, and what that means for every fact the seed takes from
// it. The facts come from the newsletter archive and the spring 2024 circular; the reasoning and
// wording are ours.
//
// An issue cannot have appeared before the latest event it reports as past, nor after the first
// date it still treats as ahead (a webinar to book, a deadline still open). A fact whose own date
// the issue does not print is dated to that window: its `latest` is the day it is known to hold by,
// and is the date the log records it on (the event's effectiveAt), its `earliest` the first day the
// report can have been true. Facts with a printed date (a webinar, a deadline) need no window.

/** When something took effect, as far as the evidence allows: YYYY-MM-DD, earliest <= latest. */
export interface Dating {
  earliest: string;
  latest: string;
  /** Why these bounds: the events that fix them, in our words. */
  note: string;
}

/** The dating window of every seeded publication, by slug. */
export const ISSUE_DATING: Readonly<Record<string, Dating>> = {
  'tasp-newsletter-spring-2020': {
    earliest: '2020-02-20',
    latest: '2020-04-18',
    note: 'Reports an Ofsted consultation event held in late February 2020 (taken as from 20 February) and urges members to answer a consultation on unregulated placements that closes on 18 April, so it appeared between those days; its June conference is still ahead.',
  },
  'tasp-newsletter-winter-2020': {
    earliest: '2020-11-26',
    latest: '2020-12-31',
    note: 'Reports the child protection statistics published on 26 November 2020 and the webinar of 2 November; it still expects the second phase of the Wood review at the end of 2020 and looks forward to webinars in 2021, so it appeared by 31 December 2020.',
  },
  'tasp-newsletter-spring-2021': {
    earliest: '2021-01-15',
    latest: '2021-02-22',
    note: "Reports the formal announcement of the children's social care review on 15 January 2021 and invites readers to book the webinar of 22 February 2021, almost full, so it appeared on or before 22 February; the season name (spring) is later than the content.",
  },
  'tasp-newsletter-summer-2021': {
    earliest: '2021-06-01',
    latest: '2021-08-12',
    note: "Reports publications of June 2021 (the review's first report, the child sexual abuse figures, the serious incident data) and says there is still time to nominate trustees before 12 August 2021, so it appeared between 1 June and 12 August.",
  },
  'tasp-newsletter-spring-2022': {
    earliest: '2022-03-29',
    latest: '2022-05-20',
    note: "Links to the review's engagement summaries dated 29 March 2022 and a fact sheet of late March, and asks for answers to a survey it keeps open until 20 May 2022 (webinar 27 on 23 May is still to be booked), so it appeared between 29 March and 20 May.",
  },
  'tasp-newsletter-summer-2023': {
    earliest: '2023-07-27',
    latest: '2023-09-06',
    note: "Reports the pathfinder announcement of 27 July 2023, the survey results of 24 July and the Prime Minister's reply of 17 July, and says responses to the Working Together consultation are due by 6 September, so it appeared between 27 July and 6 September 2023.",
  },
  'trix-information-circular-spring-2024': {
    earliest: '2024-02-02',
    latest: '2024-04-24',
    note: 'Reports the inspection framework update of 2 February 2024 and a survey still to launch on 24 April 2024, so it appeared between those days.',
  },
};

/** The dating window of a seeded publication; throws for a slug the table does not cover. */
export function issueDating(slug: string): Dating {
  const dating = ISSUE_DATING[slug];
  if (!dating) throw new Error(`No dating evidence for ${slug}`);
  return dating;
}

/** What a fact is about: the board of trustees, the membership, or the association itself. */
export type EvidenceSubject = 'BOARD' | 'MEMBERSHIP' | 'ASSOCIATION';

/**
 * Smaller facts of the archive that the board and membership events cannot hold. Those a
 * publication item can carry are in the seed as items (see tasp.ts); all are listed here with
 * where they come from, so a reader can check them against the archive.
 */
export const ASSOCIATION_FACTS: readonly { subject: EvidenceSubject; fact: string; source: string }[] = [
  {
    subject: 'ASSOCIATION',
    fact: 'Before it was TASP the association was called AILC; the Spring 2020 issue still signs off with an lscbchairs.org.uk web address.',
    source: 'TASP newsletter, Summer 2023',
  },
  {
    subject: 'ASSOCIATION',
    fact: 'TASP began in 2019: twelve months old at the end of 2020, "since our inception in 2019" in 2022.',
    source: 'TASP newsletter, Spring 2022',
  },
  {
    subject: 'ASSOCIATION',
    fact: 'Its financial and membership year begins in April, when renewals fall due; a membership year such as 2021-22 runs from April to March.',
    source: 'TASP newsletter, Spring 2021',
  },
  {
    subject: 'BOARD',
    fact: 'The constitution allows up to twelve trustees and requires at least three; Winter 2020 repeats the provision for twelve.',
    source: 'TASP newsletter, Spring 2020',
  },
  {
    subject: 'BOARD',
    fact: 'Two more prospective trustees were in discussion when the board reached six.',
    source: 'TASP newsletter, Spring 2021',
  },
  {
    subject: 'BOARD',
    fact: 'Nazir Afzal was still a trustee when the first AGM was announced.',
    source: 'TASP newsletter, Summer 2021',
  },
  {
    subject: 'BOARD',
    fact: 'Trustees were to be elected at the first AGM on 16 September 2021; no later issue reports the result, so the board after that day is not known.',
    source: 'TASP newsletter, Summer 2021',
  },
  {
    subject: 'MEMBERSHIP',
    fact: 'The 63 partnerships of 2020-21 are the 60 of Winter 2020 plus Greenwich, Sefton and Buckinghamshire, which joined between the two issues.',
    source: 'TASP newsletter, Spring 2021',
  },
  {
    subject: 'MEMBERSHIP',
    fact: 'Beyond partnerships, members came from the Channel Islands, the Ministry of Defence and the third sector, and one person had joined in their own right; the issue gives no count of them.',
    source: 'TASP newsletter, Summer 2021',
  },
  {
    subject: 'MEMBERSHIP',
    fact: 'The regional table adds up to its totals: 78 members of 137 partnerships.',
    source: 'TASP newsletter, Spring 2022',
  },
  {
    subject: 'ASSOCIATION',
    fact: 'The business manager, Alison Thorpe, helps to manage the two-year evaluation of the safeguarding reforms.',
    source: 'TASP newsletter, Summer 2023',
  },
];

/**
 * Contradictions between reports, as the archive prints them. The service finds them itself from
 * the reported figures (see `discrepancies`); this list is what a careful reading finds, so a test
 * can hold the service to it.
 */
export const KNOWN_DISCREPANCIES: readonly { subject: string; sources: [string, string]; figures: [string, string] }[] =
  [
    {
      subject: 'membership 2021-22',
      sources: ['TASP newsletter, Summer 2021', 'TASP newsletter, Spring 2022'],
      // Summer 2021 names no year, but it appeared between June and August 2021, inside 2021-22.
      figures: ['83 of 131', '78 of 137'],
    },
  ];
