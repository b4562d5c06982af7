// The seed facts about The Association of Safeguarding Partners (TASP): its board, its
// membership and its publications, from the newsletter archive and the spring 2024 information
// circular. Every summary is our own wording; only the facts come from those documents.
//
// Dates. Most issues are named by a season only ("Winter 2020"), and the season is a poor guide:
// Spring 2021 invites readers to a webinar on 22 February, Summer 2023 reports events of 27 July.
// Each issue is dated from its own content instead (src/seed/evidence.ts): it appeared no earlier
// than the latest event it reports and no later than the first date it still treats as ahead. A
// fact the issue reports without a date of its own carries that window (`dating`: earliest,
// latest, and the reasoning) and is recorded on its latest day, the day it is known to hold by;
// answers for a day inside the window say the fact's date is uncertain.
//
// What the archive leaves unknown, and how the data shows it:
// - Trustees: the archive never gives an appointment date. Richard Burrows is recorded from the
//   Spring 2020 issue, which he signs as TASP Chair; the others from the issue announcing them.
//   The `note` of each appointment says the date is that of the report.
// - Spring 2020 says TASP has two trustees but names only its chair: a reported size of 2 sits
//   beside one named trustee, so the board of spring 2020 shows size 2 (namedSize 1, reportedSize
//   2, unnamedTrustees 1) and meetsConstitution false. Chris Miller, the contact for would-be
//   trustees, is not said to be a trustee and is not recorded as one. Nobody is reported to have
//   left, so the unnamed trustee stays counted beside those named later (at least four by 2021).
// - Spring 2021 says there are now six trustees and names only Nasima Patel; four trustees are
//   named in the archive, so the board of 2021 shows reportedSize 6 and unnamedTrustees 2.
// - No issue records a trustee standing down, a role other than chair, or the result of the
//   September 2021 trustee elections; none are invented. The last evidence about the board is
//   therefore from 2021, and answers for later days say so (lastEvidenceOn).
// - Membership: the issues mostly give totals. Reported figures are stored as reports with null for
//   whatever the issue did not give (Spring 2021: no eligible count; Summer 2021: no count of the
//   non-partnership members and no membership year; Summer 2023: only the percentage). Only three
//   members are named (Greenwich, Sefton, Buckinghamshire, joined between Winter 2020 and Spring
//   2021), so the tracked counts are far below the reported ones; their regions come from where the
//   areas are, as the issue names no region.
// - Summer 2021 (83 of 131, between June and August 2021, so within 2021-22) and Spring 2022 (78 of
//   137 "in 2021-22") disagree about the same membership year; both are kept as printed and the
//   service flags the pair (`discrepancies`).
// - Spring 2022 prints 61% for 78 of 137, which is 56.9%: the printed figure is kept as the
//   reported coverage and computedCoverage shows the arithmetic.
// - Fees are known only from Spring 2022 (standard £1,500; regional deals below £1,000); when they
//   took effect is not said, so the terms carry that issue's window.
import { issueDating, type Dating } from './evidence.ts';
import type { ItemCategory, MemberKind, PublicationKind, Region } from '../events/vocabulary.ts';

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';

const SEASON_START: Record<Season, string> = { spring: '03-01', summer: '06-01', autumn: '09-01', winter: '12-01' };

/**
 * The first day of a season (spring 03-01, summer 06-01, autumn 09-01, winter 12-01). Issues were
 * once dated by it; it now only names the idempotency keys of the seed, so logs seeded before the
 * dating from evidence still find their facts (see `keyDate`).
 */
export function seasonStart(season: Season, year: number): string {
  return `${year}-${SEASON_START[season]}`;
}

/**
 * The slug of a TASP newsletter issue from its heading as the archive prints it, whatever its
 * dashes and capitals ("NEWSLETTER – SPRING 2021", "Newsletter - Winter 2020"), so repeated
 * copies of an issue map to one publication.
 */
export function newsletterSlugFromHeading(heading: string): string {
  const match = /newsletter\s*[-–—]\s*(spring|summer|autumn|winter)\s+(\d{4})/i.exec(heading);
  if (!match) throw new Error(`Not a newsletter heading: ${heading}`);
  return `tasp-newsletter-${match[1]!.toLowerCase()}-${match[2]}`;
}

/** The issue headings in the order the archive prints them, repeats included. */
export const ARCHIVE_HEADINGS = [
  'NEWSLETTER – SPRING 2021',
  'Newsletter - Winter 2020',
  'Newsletter - Spring 2020',
  'Newsletter - Winter 2020',
  'Newsletter – Summer 2021',
  'Newsletter – Summer 2021',
  'Newsletter – Spring 2022',
  'Newsletter – Summer 2023',
] as const;

export interface SeedItem {
  category: ItemCategory;
  title: string;
  summary: string;
  documentSlug?: string;
  /** Names of the seeded trustees the item is about: its title and summary are sealed with their keys. */
  about?: string[];
  /**
   * Names of the other people the item is about (speakers, authors, people remembered), who have no
   * trustee or member record: each gets a person record of their own (PersonRecorded), and the item
   * is sealed with their keys too. tests/seed/people.unit.test.ts fails when an item names someone
   * not listed here or in `about`.
   */
  people?: string[];
}

export interface SeedAppointment {
  name: string;
  role?: string;
  note: string;
}

export interface SeedAdmission {
  name: string;
  kind: MemberKind;
  region: Region | null;
  note: string;
  /** When the evidence dates the joining differently from the issue's own window. */
  dating?: Dating;
}

/** Joined "since our last newsletter": after Winter 2020 could first have appeared, by when Spring 2021 last could. */
const JOINED_BETWEEN_WINTER_2020_AND_SPRING_2021: Dating = {
  earliest: issueDating('tasp-newsletter-winter-2020').earliest,
  latest: issueDating('tasp-newsletter-spring-2021').latest,
  note: 'Spring 2021 says the partnership joined since the previous issue: not before Winter 2020 can have appeared (26 November 2020), not after Spring 2021 last can have (22 February 2021).',
};

export interface SeedFigures {
  membershipYear?: string;
  members?: number;
  eligible?: number;
  otherMembers?: number;
  coverage?: number;
  target?: number;
  byRegion?: { region: Region; members: number; eligible: number }[];
  note: string;
}

export interface SeedIssue {
  slug: string;
  kind: PublicationKind;
  title: string;
  publisher: string;
  /** The latest day the issue can have appeared (its dating window's end). */
  publishedOn: string;
  /** When the issue can have appeared, and why: every undated fact it reports carries this window. */
  dating: Dating;
  /** The season-convention date its idempotency keys were first made with; never changes. */
  keyDate: string;
  /** The `source` metadata of every event this issue gives rise to. */
  source: string;
  /** How the date was chosen: the dating window's reasoning. */
  dateNote: string;
  items: SeedItem[];
  appointments?: SeedAppointment[];
  boardSize?: { size: number; note: string };
  admissions?: SeedAdmission[];
  figures?: SeedFigures;
  terms?: { standardFee: number; regionalDealFeeBelow: number; note: string };
}

const WT = 'working-together-to-safeguard-children';

type IssueHeader = Pick<
  SeedIssue,
  'slug' | 'kind' | 'title' | 'publisher' | 'publishedOn' | 'dating' | 'keyDate' | 'source' | 'dateNote'
>;

/** The dated header of an issue named by its season: dates from the evidence table. */
function dated(
  slug: string,
  season: Season,
  year: number,
): Pick<IssueHeader, 'slug' | 'publishedOn' | 'dating' | 'keyDate' | 'dateNote'> {
  const dating = issueDating(slug);
  return {
    slug,
    publishedOn: dating.latest,
    dating,
    keyDate: seasonStart(season, year),
    dateNote: `Dated from its content, not its season: between ${dating.earliest} and ${dating.latest}. ${dating.note}`,
  };
}

function newsletter(season: Season, year: number): IssueHeader {
  const name = `${season[0]!.toUpperCase()}${season.slice(1)} ${year}`;
  return {
    ...dated(`tasp-newsletter-${season}-${year}`, season, year),
    kind: 'NEWSLETTER_ISSUE',
    title: `TASP Newsletter – ${name}`,
    publisher: 'The Association of Safeguarding Partners (TASP)',
    source: `TASP newsletter, ${name}`,
  };
}

const firstReported = (issue: string) =>
  `Appointment date unknown: first reported in the TASP newsletter of ${issue}, so in office by the latest day that issue can have appeared.`;

const spring2020: SeedIssue = {
  ...newsletter('spring', 2020),
  appointments: [
    {
      name: 'Richard Burrows',
      role: 'chair',
      note: `${firstReported('Spring 2020')} He signs that issue as TASP Chair.`,
    },
  ],
  boardSize: {
    size: 2,
    note: 'The issue says TASP has two trustees, one short of the constitutional minimum of three, and names only its chair. Someone else is named as the contact for people interested in becoming trustees; the archive does not say that person is a trustee, so no one else is recorded.',
  },
  items: [
    {
      category: 'EVENT',
      title: 'First annual TASP conference, 24–25 June 2020',
      summary:
        'The new association planned its inaugural conference on strengthening safeguarding partnerships, looking at how the reforms that followed the Wood review have worked in practice, with national speakers and workshops; it meant to go ahead subject to Covid-19 guidance.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Membership renewals and a wider membership',
      summary:
        'Renewal requests were going out to member partnerships, and membership was being opened to other partnerships and safeguarding partners in the private and voluntary sectors.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Trustees wanted',
      summary:
        'The constitution allows up to twelve trustees and needs at least three; TASP had two and sought candidates for a board diverse in profession and background.',
    },
    {
      category: 'NEWS_ITEM',
      title: "Supporting the second phase of Sir Alan Wood's review",
      summary:
        'TASP agreed to help Sir Alan Wood with the second phase of his review of the new safeguarding arrangements.',
      people: ['Sir Alan Wood'],
    },
    {
      category: 'NEWS_ITEM',
      title: 'A new minister for children',
      summary:
        'Vicky Ford MP became Parliamentary Under-Secretary of State for Children, the fifth holder of the post in five years.',
      people: ['Vicky Ford'],
    },
    {
      category: 'POLICY_PAPER',
      title: 'Child Safeguarding Practice Review Panel: annual report and first national review',
      summary:
        'The panel drew patterns from 538 rapid reviews, finding teenagers and infants most at risk, and its first national review looked at 21 cases of children harmed where criminal exploitation played a part.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'A typology of child sexual abuse offending',
      summary:
        'Research from the Centre of expertise on child sexual abuse that encourages looking at patterns of offending behaviour in family settings rather than at the traits of offender or victim.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Adverse childhood experiences: what we know and what should happen next',
      summary:
        'An Early Intervention Foundation overview of the evidence on adverse childhood experiences, useful to partnerships deciding whether and how to invest in that approach.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Triennial analysis of serious case reviews, 2014 to 2017',
      summary: 'An analysis of 368 serious case reviews, with resources to help put the learning into practice.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'HMICFRS thematic report on police child protection work',
      summary:
        'Drawing on 64 inspections, the inspectorate called for a national early help and prevention strategy and for less unnecessary detention and criminalisation of children.',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Consultation on Keeping Children Safe in Education',
      summary:
        'The Department for Education consulted on revisions to the schools and colleges guidance, with more focus on vulnerable children and on managing allegations against staff.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Spotlight on gender identity',
      summary:
        'A look at how partnerships might approach gender identity, with pointers to local guidance and toolkits.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Consultation on unregulated placements',
      summary:
        'Members were urged to respond to the consultation on unregulated placements before it closed on 18 April.',
    },
  ],
};

const winter2020: SeedIssue = {
  ...newsletter('winter', 2020),
  appointments: [
    { name: 'Deborah Hodes', note: `${firstReported('Winter 2020')} A consultant community paediatrician.` },
    {
      name: 'Nazir Afzal',
      note: `${firstReported('Winter 2020')} A former Chief Crown Prosecutor for North West England.`,
    },
  ],
  figures: {
    members: 60,
    eligible: 131,
    target: 50,
    note: '60 of the 131 safeguarding partnerships in England were members; the trustees aimed for at least half.',
  },
  items: [
    {
      category: 'NEWS_ITEM',
      title: 'TASP at twelve months',
      summary:
        'A year after it began, the association counted 60 of England’s 131 partnerships as members and set out its aim of becoming a strong voice for safeguarding partnerships.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'New trustees: Deborah Hodes and Nazir Afzal',
      summary:
        'Two trustees joined the board to widen its reach: a consultant paediatrician with long experience of child sexual abuse and FGM work, and a former chief crown prosecutor who advises on gender-based violence.',
      about: ['Deborah Hodes', 'Nazir Afzal'],
    },
    {
      category: 'EVENT',
      title: 'Twelve webinars since April',
      summary:
        'TASP had run twelve webinars since April 2020, recorded for members, and its way of consulting attendees had been taken up by national bodies.',
    },
    {
      category: 'EVENT',
      title: "Sir Alan Wood's review: webinar of 2 November",
      summary:
        'About 180 members and guests discussed the review of multi-agency arrangements with Sir Alan Wood, whose second-phase report was expected at the end of 2020.',
      people: ['Sir Alan Wood'],
    },
    {
      category: 'POLICY_PAPER',
      title: 'IICSA reports on the Anglican and Catholic churches',
      summary:
        'Both reports raised mandatory reporting, and the Anglican one recommended formal information-sharing agreements with local statutory agencies.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'The Whyte review of British Gymnastics',
      summary:
        'An independent review of abuse in British Gymnastics had begun and was due to report the following year.',
      people: ['Anne Whyte'],
    },
    {
      category: 'NEWS_ITEM',
      title: 'Domestic Abuse Bill reaches the House of Lords',
      summary:
        'The bill would create a statutory definition of domestic abuse, a commissioner, new protection orders and new duties on local authorities.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'Statistics on children in need and child protection',
      summary:
        'National data on children in need, looked-after children and child protection was published on 26 November.',
    },
    {
      category: 'NEWS_ITEM',
      title: "Barnardo's helpline for Black, Asian and minority ethnic families",
      summary: 'A new helpline and webchat offered therapeutic support to families hit hardest by the pandemic.',
    },
  ],
};

const spring2021: SeedIssue = {
  ...newsletter('spring', 2021),
  appointments: [
    { name: 'Nasima Patel', note: `${firstReported('Spring 2021')} A social worker with director-level experience.` },
  ],
  boardSize: {
    size: 6,
    note: 'The issue says TASP now has six trustees, with two more in discussion, and names only the newest of them; the archive names four trustees by then, so two are unnamed.',
  },
  admissions: [
    {
      name: 'Greenwich',
      kind: 'PARTNERSHIP',
      region: 'LONDON',
      note: 'Joined between the Winter 2020 and Spring 2021 issues; the exact date is not given, so it carries the window between the two (see dating). The issue names no region: London is where Greenwich is.',
      dating: JOINED_BETWEEN_WINTER_2020_AND_SPRING_2021,
    },
    {
      name: 'Sefton',
      kind: 'PARTNERSHIP',
      region: 'NORTH_WEST',
      note: 'Joined between the Winter 2020 and Spring 2021 issues; the exact date is not given, so it carries the window between the two (see dating). The issue names no region: the North West is where Sefton is.',
      dating: JOINED_BETWEEN_WINTER_2020_AND_SPRING_2021,
    },
    {
      name: 'Buckinghamshire',
      kind: 'PARTNERSHIP',
      region: 'SOUTH_EAST',
      note: 'Joined between the Winter 2020 and Spring 2021 issues; the exact date is not given, so it carries the window between the two (see dating). The issue names no region: the South East is where Buckinghamshire is.',
      dating: JOINED_BETWEEN_WINTER_2020_AND_SPRING_2021,
    },
  ],
  figures: {
    membershipYear: '2020-21',
    members: 63,
    note: '63 partnerships joined in the 2020-21 financial year; the issue does not restate how many were eligible, and notes weaker coverage in the North East, North West and South West.',
  },
  items: [
    {
      category: 'EVENT',
      title: 'Monthly webinars resume, with Sir Alan Wood on 22 February',
      summary:
        'Free monthly webinars restarted after the winter break; Sir Alan Wood returned to discuss his review of the changes to multi-agency safeguarding arrangements.',
      people: ['Sir Alan Wood'],
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'Members-only recordings',
      summary:
        'A re-recorded session from the Department for Work and Pensions and a podcast with Dez Holmes of Research in Practice on transitional safeguarding.',
      people: ['Dez Holmes'],
    },
    {
      category: 'NEWS_ITEM',
      title: 'New trustee: Nasima Patel',
      summary:
        'A social worker with director-level experience in the voluntary and statutory sectors, known for early services for sexually exploited and trafficked young people, joined the board; TASP then had six trustees.',
      about: ['Nasima Patel'],
    },
    {
      category: 'NEWS_ITEM',
      title: "Independent review of children's social care announced",
      summary:
        'The review, trailed for some time, was formally announced on 15 January and is led by the founder of the charity Frontline.',
    },
    {
      category: 'POLICY_PAPER',
      title: "Children's Commissioner report on child poverty",
      summary:
        'Essays from across the political spectrum warned that the gap between better-off and poor children had begun to widen again.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Tackling Child Sexual Abuse Strategy',
      summary:
        'The Home Office strategy aims to tackle all forms of child sexual abuse, prevent offending and re-offending, and protect and support victims, with strong local partnerships sharing information.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Serious incident notifications rose during the pandemic',
      summary:
        'The Local Government Association reported a 34% rise in notifications, which may partly reflect changes in how incidents are referred to the national panel.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'The Domestic Abuse Bill in the Lords',
      summary:
        'After committee in the House of Lords many amendments were tabled, and the bill was expected to become law in late spring.',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Changes to Working Together 2018',
      summary:
        'A minor update: consent is not needed to share information about safeguarding concerns where another legal basis applies; new wording on domestic abuse and coercive control; the homelessness duty to refer; and smaller changes, among them a table on notifying serious incidents and reviews.',
      documentSlug: WT,
    },
    {
      category: 'EVENT',
      title: 'Protecting vulnerable persons: police virtual conference, 16 March 2021',
      summary:
        'The Vulnerability Knowledge and Practice Programme invited partners to a conference on learning lessons and developing policing responses.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Membership: 63 partnerships this financial year',
      summary:
        'Greenwich, Sefton and Buckinghamshire had joined since the previous issue; the association asked partnerships in the North West and South West, where coverage was weaker, to get in touch before renewals in April.',
    },
  ],
};

const summer2021: SeedIssue = {
  ...newsletter('summer', 2021),
  figures: {
    members: 83,
    eligible: 131,
    note: '83 of 131 statutory partnerships were members; members from the Channel Islands, the Ministry of Defence, the third sector and one individual are mentioned but not counted.',
  },
  items: [
    {
      category: 'EVENT',
      title: 'First annual general meeting, 16 September 2021',
      summary:
        'Members were invited to the first AGM on Zoom to review the first year and elect trustees, with a keynote from trustee Nazir Afzal; nominations closed on 12 August.',
      about: ['Nazir Afzal'],
    },
    {
      category: 'NEWS_ITEM',
      title: 'Membership: 83 of 131 partnerships',
      summary:
        'Beyond the partnerships, members now included colleagues from the Channel Islands, the Ministry of Defence and the third sector, and the first individual member.',
    },
    {
      category: 'EVENT',
      title: 'Autumn webinars',
      summary:
        'Webinars were to return on 27 September, 25 October and 22 November 2021, with child suicide and the national panel’s key messages the most requested topics.',
    },
    {
      category: 'NEWS_ITEM',
      title: "Podcasts with King's College London",
      summary:
        'Short podcasts on the college’s research into safeguarding during Covid-19 were planned, and member volunteers were sought.',
    },
    {
      category: 'POLICY_PAPER',
      title: "The Case for Change: review of children's social care",
      summary: 'The independent review’s first report was published in June 2021, with feedback open until 13 August.',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Keeping Children Safe in Education 2021',
      summary:
        'A new version, coming into force in September, set fresh expectations for schools and colleges after Ofsted’s review prompted by Everyone’s Invited; partners were asked to review how they work with all local schools.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Scale and nature of child sexual abuse',
      summary: 'The Centre of expertise on child sexual abuse published its latest figures in June.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Taskforces for pupils at risk of serious violence',
      summary:
        'Pilots placed health, social care and youth justice specialists in alternative provision in about twenty violence hotspots, alongside SAFE taskforces in mainstream schools.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'MPs call for a register of home-educated children',
      summary:
        'The Education Committee asked the government to act on children educated at home slipping through the safeguarding net.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Serious incident notification data',
      summary: 'Notifications rose overall, especially for children under one, and 42% concerned child deaths.',
    },
    {
      category: 'NEWS_ITEM',
      title: "Ofsted consults on how often it inspects children's services",
      summary: 'The consultation closed on 20 August.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'Local Authority Interactive Tool updated',
      summary:
        'The Department for Education refreshed its tool giving access to data about children and young people from across government.',
    },
    {
      category: 'POLICY_PAPER',
      title: "Review of partnerships' annual reports",
      summary:
        'The national panel and the What Works Centre reviewed earlier annual reports, with findings to help partnerships writing theirs.',
    },
  ],
};

const spring2022: SeedIssue = {
  ...newsletter('spring', 2022),
  figures: {
    membershipYear: '2021-22',
    members: 78,
    eligible: 137,
    coverage: 61,
    otherMembers: 9,
    byRegion: [
      { region: 'YORKSHIRE_AND_THE_HUMBER', members: 12, eligible: 14 },
      { region: 'NORTH_WEST', members: 6, eligible: 21 },
      { region: 'NORTH_EAST', members: 4, eligible: 10 },
      { region: 'WEST_MIDLANDS', members: 12, eligible: 14 },
      { region: 'EAST_MIDLANDS', members: 5, eligible: 8 },
      { region: 'EAST_OF_ENGLAND', members: 8, eligible: 11 },
      { region: 'LONDON', members: 18, eligible: 30 },
      { region: 'SOUTH_WEST', members: 3, eligible: 12 },
      { region: 'SOUTH_EAST', members: 10, eligible: 17 },
    ],
    note: 'For 2021-22: 78 of 137 partnerships, printed as 61% (78/137 is 56.9%; the printed figure is kept), plus 9 members from Crown Dependencies, the armed forces, individuals, working groups and charities. The regional table is as printed; "Greater London" is the London region.',
  },
  terms: {
    standardFee: 1500,
    regionalDealFeeBelow: 1000,
    note: 'The standard partnership subscription is £1,500; regional groups that join or renew together can bring it below £1,000. The issue does not say when these fees took effect, so they carry its dating window and hold from its latest day.',
  },
  items: [
    {
      category: 'NEWS_ITEM',
      title: 'Membership in 2021-22: 78 of 137 partnerships',
      summary:
        'The association reported its membership by region, strongest in Yorkshire and the Humber and the West Midlands and weakest in the North West and South West, plus nine members that are not partnerships.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Regional membership deals',
      summary:
        'Partnerships that renew or join together as a region can pay well under the standard £1,500 subscription.',
    },
    {
      category: 'EVENT',
      title: 'Webinar 27: intersectionality, 23 May',
      summary:
        'Professor Claudia Bernard on reading risk and protective factors in safeguarding through intersectionality.',
      people: ['Claudia Bernard'],
    },
    {
      category: 'EVENT',
      title: 'Webinar 28: information sharing with national church institutions, 23 June',
      summary:
        'A special event with the Church of England’s national safeguarding team on local information-sharing protocols recommended by IICSA.',
    },
    {
      category: 'EVENT',
      title: "Webinar 29: children's rights in institutional settings",
      summary:
        'Article 39 and the editor of Week in Care on children placed away from family and foster carers; date to be confirmed.',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Working Together to be revised in two phases',
      summary:
        'The Department for Education planned a small factual update first, including integrated care systems from July 2022, and later a fuller revision with public consultation.',
      documentSlug: WT,
    },
    {
      category: 'NEWS_ITEM',
      title: "Review of children's social care: engagement findings",
      summary:
        'The review, due to report within weeks, published what it had heard from parents and carers and from the children’s workforce.',
    },
    {
      category: 'POLICY_PAPER',
      title: "Competition and Markets Authority study of children's homes and fostering",
      summary: 'The study described a dysfunctional market for children’s social care placements.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Keeping teenagers safe from gangs and exploitation',
      summary:
        'The Commission on Young Lives warned that many teenagers enter care and face exploitation because their families lack support.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Offensive weapon homicide reviews',
      summary:
        'A fact sheet explained how the new reviews after homicides involving a knife or other offensive weapon will work.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Integrated care systems and children',
      summary:
        'The Office for Health Improvement and Disparities explained integrated care boards and partnerships and what the Health and Care Act means for children and families.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Homes for Ukraine: a survey of partnerships',
      summary: 'Kent’s partnership asked others how they were managing safeguarding risks in the scheme.',
    },
  ],
};

const summer2023: SeedIssue = {
  ...newsletter('summer', 2023),
  figures: {
    coverage: 72,
    target: 75,
    note: 'Only the percentage is given: 72% of local safeguarding children partnerships were members, against an aim of 75%.',
  },
  items: [
    {
      category: 'NEWS_ITEM',
      title: 'Evaluating the multi-agency safeguarding reforms',
      summary:
        'A two-year study funded with almost £500,000 by the National Institute for Health Research, led by King’s College London and the University of Bedfordshire, with TASP as a partner.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'First TASP podcast: the teenage brain',
      summary:
        'John Coleman of the University of Bedfordshire on adolescent development and what it means for safeguarding.',
      people: ['John Coleman'],
    },
    {
      category: 'NEWS_ITEM',
      title: 'Membership reaches 72%',
      summary:
        'The association was close to its aim of counting three quarters of local safeguarding children partnerships as members.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'Interactive map of partnerships',
      summary: 'Members can see each partnership, its areas and whether it belongs to TASP on a layered map.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'IICSA changemakers write to the Prime Minister',
      summary:
        'TASP joined 64 organisations pressing the government to act on the inquiry’s findings; the letter of 21 April had a reply on 17 July.',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Consultation on the revision of Working Together',
      summary:
        'The Department for Education published a draft revision, with important changes to multi-agency safeguarding arrangements; responses were due by 6 September.',
      documentSlug: WT,
    },
    {
      category: 'POLICY_PAPER',
      title: 'The Big Listen survey of social workers',
      summary:
        'Social workers from 52 local authorities were optimistic about their role but worried about workloads, and minority ethnic staff reported discrimination.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'Child Q: progress report',
      summary:
        'The City and Hackney partnership reported progress on the recommendations of its review, with lessons reaching well beyond the area.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Families First for Children pathfinder and Family Network pilot',
      summary:
        'Dorset, Lincolnshire and Wolverhampton were chosen for the pathfinder testing reforms to family help, child protection and safeguarding arrangements, and seven areas for the family network pilot.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'From AILC to TASP',
      summary:
        'Under its former name, AILC, the association took part in the roundtables that answered the Wood report and helped shape the law behind the current arrangements; four years on it helps evaluate them.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Remembering Fran Pearson',
      summary: 'A tribute to a long-standing supporter of the association who led the Adult Safeguarding Network.',
      people: ['Fran Pearson'],
    },
  ],
};

const CIRCULAR_SOURCE = 'tri.x Information Circular, Spring 2024';

const circularSpring2024: SeedIssue = {
  kind: 'INFORMATION_CIRCULAR',
  title: "tri.x Information Circular for Children's and Adults' Social Care and Safeguarding – Spring 2024",
  ...dated('trix-information-circular-spring-2024', 'spring', 2024),
  publisher: 'tri.x',
  source: CIRCULAR_SOURCE,
  items: [
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Working Together to Safeguard Children, revised December 2023',
      summary:
        'The revision strengthens multi-agency working across help, support and protection, keeps the focus on the child while looking at the whole family, and sets consistent child protection practice.',
      documentSlug: WT,
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: "Children's Social Care: National Framework",
      summary:
        'What local authority children’s social care must do, to be read with Improving Practice; authorities have until December 2024 to embed it.',
      documentSlug: 'childrens-social-care-national-framework',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: "Inspecting local authority children's services, updated February 2024",
      summary:
        'Ofsted’s inspection framework for children’s services, with a summary of what changed in February 2024.',
      documentSlug: 'inspecting-local-authority-childrens-services',
    },
    {
      category: 'PRACTICE_GUIDANCE',
      title: 'BASW age assessment practice guide',
      summary:
        'Good practice for age assessments, more pressing since the Nationality and Borders Act 2022 and the Illegal Migration Act 2023.',
      documentSlug: 'basw-age-assessment-practice-guide',
    },
    {
      category: 'POLICY_PAPER',
      title: "England's first kinship care strategy",
      summary:
        'More financial stability and support for relatives and friends who bring up children unable to live with their parents.',
      documentSlug: 'kinship-care-strategy',
    },
    {
      category: 'POLICY_PAPER',
      title: "Children's social care data and digital strategy",
      summary:
        'The Department for Education’s long-term plan for data in children’s social care and its work from 2023 to 2025.',
    },
    {
      category: 'POLICY_PAPER',
      title: 'SEND and alternative provision roadmap',
      summary: 'The steps towards a national system built on national standards.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Tougher laws against child sexual abuse',
      summary: 'The Home Secretary announced plans to protect children better from sexual predators.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Family hubs open in 75 areas',
      summary:
        'Hubs now open in half the country’s local authorities, launched with a campaign for parents of young children.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'National review of child sexual abuse in the family: terms of reference',
      summary: 'The chair of the Child Safeguarding Practice Review Panel announced the review.',
    },
    {
      category: 'NEWS_ITEM',
      title: "How children's social care reform will affect inspection",
      summary: 'An Ofsted blog on what the early stages of the reforms will mean for practice and for inspection.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Response on disabled children in residential settings',
      summary:
        'The minister’s response to the panel’s review of abuse in three dual-registered homes and schools, setting out the government’s steps.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Inspectorates discuss help for children and families',
      summary:
        'A recorded webinar from Ofsted, CQC and HMICFRS on their joint targeted inspection of the multi-agency response to children who need help.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'The Family Court and domestic abuse',
      summary:
        'The Domestic Abuse Commissioner’s second report on the family justice system, with ten recommendations.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Supported Lodgings National Network',
      summary:
        'A network of providers sharing practice offered free training for hosts and planned a survey of young people from 24 April.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Mental capacity and alcohol in care homes',
      summary:
        'CQC and the University of Bedfordshire produced guidance on the benefits and risks of alcohol for care home residents.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Care data matters',
      summary: 'A roadmap for how adult social care data is collected, shared and used nationally and locally.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Delegated healthcare activities: guiding principles',
      summary: 'Voluntary principles for safe, person-centred delegation of healthcare tasks, to be adapted locally.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'CQC local authority assessments: updated guidance',
      summary: 'Guidance on the assessment framework for local authorities, added in December 2023.',
    },
    {
      category: 'NEWS_ITEM',
      title: 'Modern slavery in social care',
      summary:
        'Unpublished figures suggested 800 care workers were potential victims of modern slavery after visa rules were eased.',
    },
    {
      category: 'SHORT_FILM',
      title: 'Edge: DoLS rights film',
      summary:
        'A free film of under two minutes on telling patients their rights under a deprivation of liberty authorisation.',
    },
    {
      category: 'SHORT_FILM',
      title: 'Pet-friendly care homes',
      summary: 'A list of care homes that welcome pets, from the Cinnamon Trust.',
    },
    {
      category: 'SHORT_FILM',
      title: 'Supporting social work with carers',
      summary:
        'Resources and tools from Research in Practice, commissioned by the Department of Health and Social Care.',
    },
    {
      category: 'SHORT_FILM',
      title: 'LeDeR report for 2022',
      summary:
        'Deaths of people with learning disabilities and autistic people: things are improving overall, but not for people from ethnic minorities, and heatwaves brought excess deaths.',
    },
    {
      category: 'SHORT_FILM',
      title: "Who's who in the Court of Protection",
      summary: 'Open Justice Court of Protection explains the roles in the court.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'Childhood trauma, war, migration and asylum',
      summary:
        'Free resources from the UK Trauma Council, made with young people who sought asylum, available in several languages.',
    },
    {
      category: 'VIDEO_OR_RESOURCE',
      title: 'Innovate project resource on harm beyond the family',
      summary:
        'Research in Practice on innovation, safeguarding and trauma-informed practice for harms young people meet outside the family.',
    },
    {
      category: 'STATUTORY_GUIDANCE',
      title: 'Discharge from mental health inpatient settings',
      summary:
        'Guidance of January 2024 on how health and care systems support discharge, including from learning disability and autism inpatient settings.',
    },
  ],
};

/** Every distinct issue, by slug. */
export const taspIssues: readonly SeedIssue[] = [
  spring2020,
  winter2020,
  spring2021,
  summer2021,
  spring2022,
  summer2023,
  circularSpring2024,
];

/**
 * The publications in the order the seed imports them: the archive's issues as it prints them
 * (repeats included, each resolved to its slug), then the circular. Importing a repeat is a no-op.
 */
export function importOrder(): SeedIssue[] {
  const bySlug = new Map(taspIssues.map((i) => [i.slug, i]));
  const archive = ARCHIVE_HEADINGS.map((heading) => {
    const issue = bySlug.get(newsletterSlugFromHeading(heading));
    if (!issue) throw new Error(`No seed issue for archive heading ${heading}`);
    return issue;
  });
  return [...archive, circularSpring2024];
}
