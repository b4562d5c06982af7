// The seed corpus of guidance documents.
//
// The facts (titles, dates, chapter structure, what each revision changed) come from two source
// documents, named in each version's `source`: the TASP newsletter archive (2020–2023) and the
// tri.x Information Circular of spring 2024, plus widely known public facts about Working Together
// to Safeguard Children. The published texts themselves are not available, so every body is a
// chapter-level summary written in our own words, never a quotation.
//
// Section keys are stable across versions: a chapter that moves or is renamed keeps its key, so a
// comparison of two versions can report it as moved or renamed rather than removed and added.
import type { DocumentKind as CatalogueDocumentKind } from '../events/vocabulary.ts';

export type DocumentKind =
  | 'STATUTORY_GUIDANCE'
  | 'PRACTICE_GUIDANCE'
  | 'POLICY_PAPER'
  | 'NEWS_ITEM'
  | 'SHORT_FILM'
  | 'RESOURCE';

// Compile-time guard: the seed's kinds must be exactly the kinds the event catalogue accepts.
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SeedKindsMatchCatalogue = Assert<SameType<DocumentKind, CatalogueDocumentKind>>;

export interface SeedSection {
  key: string;
  heading: string;
  /** The chapter number the edition prints, if any (the introduction has none). */
  number?: string;
  /** Two to five short paragraphs, separated by a blank line. */
  body: string;
}

export interface SeedVersion {
  label: string;
  /** YYYY-MM-DD. */
  publishedOn: string;
  changeNote: string;
  /** Where the facts of this version come from. */
  source: string;
  sections: SeedSection[];
}

export interface SeedDocument {
  slug: string;
  title: string;
  kind: DocumentKind;
  versions: SeedVersion[];
}

const CIRCULAR = 'tri.x Information Circular, Spring 2024';
/** The circular gives only its season; by the corpus's convention spring 2024 is recorded as 1 March 2024. */
const CIRCULAR_ISSUE_DATE = '2024-03-01';

const paragraphs = (...ps: string[]): string => ps.join('\n\n');

// ===================================================================================================
// Working Together to Safeguard Children
// ===================================================================================================

// ---- 2018 edition (published 4 July 2018) ----

/** The safeguarding definition as the 2018 introduction gives it (in our words). */
const WT_2018_DEFINITION =
  'For the purposes of the guidance, safeguarding and promoting the welfare of children means protecting them from maltreatment, preventing impairment of their health or development, making sure they grow up with safe and effective care, and acting so that every child has the best outcomes.';

/**
 * The paragraph on education and childcare settings in safeguarding arrangements. It sits in the
 * organisational responsibilities chapter until 2023, which strengthens it and moves it into the
 * multi-agency arrangements chapter: the seed's cross-chapter move.
 */
const WT_2018_EDUCATION =
  'Schools, colleges and other education and childcare settings have duties to safeguard and promote the welfare of the children in their care. They should work with the local safeguarding arrangements, so that concerns about a child are shared and acted on, and the safeguarding partners should consider naming them as relevant agencies.';
const WT_2020_EDUCATION = `${WT_2018_EDUCATION} All staff should know that mental health problems can be a sign that a child has suffered or is at risk of abuse, neglect or exploitation.`;
const WT_2023_EDUCATION =
  'Schools, colleges and other education and childcare settings have duties to safeguard and promote the welfare of the children in their care. The safeguarding partners must name them as relevant agencies, and they should take part in the local safeguarding arrangements at both strategic and operational level, so that concerns about a child are shared and acted on.';

const WT_2018_INTRODUCTION: SeedSection = {
  key: 'introduction',
  heading: 'Introduction',
  body: paragraphs(
    'This statutory guidance explains what organisations and agencies in England must and should do to safeguard and promote the welfare of children, meaning everyone under the age of 18. It applies to every body with functions relating to children, and it takes the place of the 2015 edition.',
    'Two principles run through it. Keeping children safe is a responsibility shared by everyone who works with them, and practice must be child-centred, so that the needs, wishes and experience of each child shape what practitioners do.',
    'The guidance gives effect to duties in the Children Act 1989, the Children Act 2004 and the Children and Social Work Act 2017. A companion statutory framework document lists the legislative requirements on which the chapters draw.',
    WT_2018_DEFINITION,
  ),
};

const WT_2018_ASSESSING_NEED: SeedSection = {
  key: 'assessing-need',
  heading: 'Assessing need and providing help',
  body: paragraphs(
    'Early help is support offered as soon as a difficulty appears, at any age. Practitioners in every service should look out for children who may need it, among them disabled children, young carers, children drawn towards crime or gangs and children at risk of exploitation, and should agree a plan with the family, usually coordinated by a lead practitioner.',
    'The safeguarding partners publish a local threshold document explaining when a case moves from early help to children’s social care. After a referral the local authority decides within one working day what response is needed, and its assessment under the Children Act 1989 should be finished within 45 working days.',
    'Where there is reasonable cause to suspect significant harm, a strategy discussion decides whether to open section 47 enquiries, which may lead to an initial child protection conference and a child protection plan. Assessments also weigh risks from beyond the family, such as peers, school or neighbourhood, under the heading of contextual safeguarding.',
    'Sharing information early and well is vital to both help and protection. Practitioners should not let worries about data protection stop them passing on concerns, and they should seek consent to share where that is appropriate.',
  ),
};

const WT_2018_ORGANISATIONAL: SeedSection = {
  key: 'organisational-responsibilities',
  heading: 'Organisational responsibilities',
  body: paragraphs(
    'Every organisation and agency that works with children needs sound safeguarding arrangements: senior leaders accountable for them, safer recruitment, training and supervision, and clear procedures for allegations against people in positions of trust. Section 11 of the Children Act 2004 places this duty on a wide range of bodies.',
    'The chapter then sets out what is expected of particular sectors. Schools and colleges follow Keeping Children Safe in Education, while early years providers, health bodies with their designated and named professionals, the police, adult social care and housing services each have defined roles.',
    WT_2018_EDUCATION,
    'It also covers prisons, probation, the secure estate for children and youth offending teams, UK Visas and Immigration, Cafcass, sports clubs, the armed forces, and voluntary, charity, social enterprise, faith-based and private sector organisations.',
  ),
};

const WT_2018_ARRANGEMENTS: SeedSection = {
  key: 'multi-agency-arrangements',
  heading: 'Multi-agency safeguarding arrangements',
  body: paragraphs(
    'Local Safeguarding Children Boards cease to be a statutory requirement. Under the Children and Social Work Act 2017, three safeguarding partners take their place in each area: the local authority, the clinical commissioning group and the chief officer of police, who hold an equal and joint duty to make arrangements for the children there.',
    'The partners decide which relevant agencies, including schools, colleges and other education settings, they will work with, and their arrangements may span more than one local authority area. They had to publish the arrangements by 29 June 2019 and have them in operation by 29 September 2019.',
    'The arrangements must provide for independent scrutiny of how well they work and for fair funding from the partners, and the partners report each year on what they did and what difference it made.',
  ),
};

const WT_2018_IMPROVING: SeedSection = {
  key: 'improving-practice',
  heading: 'Improving child protection and safeguarding practice',
  body: paragraphs(
    'When abuse or neglect is known or suspected and a child dies or is seriously harmed, the local authority must tell the Child Safeguarding Practice Review Panel within five working days. The safeguarding partners then hold a rapid review, normally within 15 working days, to decide whether a local child safeguarding practice review is needed.',
    'The panel is an independent national body that commissions national reviews of cases that are complex or of national importance. Local and national child safeguarding practice reviews replace serious case reviews; they look for improvements rather than blame, and their reports are published.',
  ),
};

const WT_2018_CHILD_DEATHS: SeedSection = {
  key: 'child-death-reviews',
  heading: 'Child death reviews',
  body: paragraphs(
    'The death of every child normally resident in an area is reviewed. The local authority and the clinical commissioning groups act as child death review partners and organise reviews across an area large enough to reveal patterns.',
    'The process begins with the immediate response to a death, continues with a child death review meeting of the practitioners who knew the child, and ends with an independent review by a child death overview panel. Findings are collected nationally so that lessons can help prevent future deaths.',
  ),
};

// ---- December 2020 factual update ----
// Every item of the list in the TASP Spring 2021 newsletter ("Changes to Working Together 2018")
// is reflected in the chapter it belongs to. Child death reviews were not touched and keep their
// 2018 body byte for byte.

const WT_2020_INTRODUCTION: SeedSection = {
  ...WT_2018_INTRODUCTION,
  body: paragraphs(
    ...WT_2018_INTRODUCTION.body.split('\n\n').slice(0, 3),
    // The definition now names mental and physical health; domestic abuse is referred to.
    'For the purposes of the guidance, safeguarding and promoting the welfare of children means protecting them from maltreatment, preventing impairment of their mental and physical health or development, making sure they grow up with safe and effective care, and acting so that every child has the best outcomes.',
    'The introduction now refers to domestic abuse among the harms children may suffer, in step with the Domestic Abuse Bill, and to the impact on children of seeing or hearing it.',
  ),
};

const WT_2020_ASSESSING_NEED: SeedSection = {
  ...WT_2018_ASSESSING_NEED,
  body: paragraphs(
    // Missing children; children of offenders; children in mental health inpatient settings.
    'Early help is support offered as soon as a difficulty appears, at any age. Practitioners should look out for children who may need it, among them disabled children, young carers, children drawn towards crime or gangs, children at risk of exploitation, missing children and children whose parent or carer is an offender in custody. When a child is admitted to a mental health inpatient setting, practitioners should consider whether children’s social care needs to be involved.',
    // Domestic abuse and controlling or coercive behaviour.
    'Domestic abuse, including controlling or coercive behaviour, is now named among the things that can harm children, and definitions of both are added ahead of the statutory definition in the Domestic Abuse Bill. Children who live with domestic abuse are recognised as victims in their own right, and coercive control is confirmed to fall within the existing meaning of harm.',
    // Contextual safeguarding retitled; the CSE/CSA toolkit; the Appendix B link on fabricated or induced illness.
    'The local threshold document, the one-working-day decision on a referral, the 45-working-day limit for assessment and the route through section 47 enquiries to child protection conferences are unchanged. The passage once headed contextual safeguarding now carries a title about assessing risk outside the home and points to a toolkit and framework on child sexual exploitation and abuse. Appendix B no longer links to the guidance on safeguarding children with fabricated or induced illness.',
    // Information sharing without consent where another lawful basis applies.
    'Sharing information early and well remains vital. The text now makes clear that the Data Protection Act 2018 and the GDPR do not require consent before safeguarding concerns are shared: where another lawful basis fits better, such as performing a task in the public interest or exercising official authority, information should be shared whenever the child’s interests make that necessary. Matching changes to the separate, non-statutory advice on information sharing were planned for late spring 2021.',
    // The homelessness duty to refer.
    'A new passage describes the duty to refer in section 213B of the Housing Act 1996, inserted by the Homelessness Reduction Act 2017 and in force since 2018. Public authorities, including every social services function from early help to leaving care and child protection, must, with the person’s consent, refer anyone they think is homeless or threatened with homelessness to a local housing authority so that help starts sooner; the statutory framework document now lists the duty too.',
  ),
};

const WT_2020_ORGANISATIONAL: SeedSection = {
  ...WT_2018_ORGANISATIONAL,
  body: paragraphs(
    // Allegations against people in positions of trust, including conduct outside work.
    `${WT_2018_ORGANISATIONAL.body.split('\n\n')[0]!} The 2020 text adds that allegations procedures also apply when a person in a position of trust may pose a risk because of conduct outside work, or when a child could be harmed by someone the person is linked to.`,
    // Alignment with KCSIE 2020; the Public Health England footnote.
    'The chapter then sets out what is expected of particular sectors. Schools and colleges follow Keeping Children Safe in Education, and the wording now matches its 2020 edition, while early years providers, health bodies with their designated and named professionals, the police, adult social care and housing services each have defined roles. A footnote to the mentions of Public Health England flags that body’s coming restructure.',
    // School staff and mental health, as in KCSIE 2020.
    WT_2020_EDUCATION,
    // Armed forces; the VCSE, faith-based and private sector paragraph.
    'It also covers prisons, probation, the secure estate for children and youth offending teams, UK Visas and Immigration, Cafcass, sports clubs and the armed forces, whose section is shortened and given current contact details. The paragraph on voluntary, charity, social enterprise, faith-based and private sector organisations is clarified.',
  ),
};

const WT_2020_ARRANGEMENTS: SeedSection = {
  ...WT_2018_ARRANGEMENTS,
  body: paragraphs(
    WT_2018_ARRANGEMENTS.body,
    // Inclusion and clarification on multi-agency safeguarding arrangements.
    'The 2020 text adds clarifying material on how the local multi-agency safeguarding arrangements are made and how they work.',
  ),
};

const WT_2020_IMPROVING: SeedSection = {
  ...WT_2018_IMPROVING,
  body: paragraphs(
    WT_2018_IMPROVING.body,
    // New table: notifying a serious incident, rapid review, local child safeguarding practice review.
    'A new table sets out, stage by stage, who does what from the notification of a serious incident, through the rapid review, to a local child safeguarding practice review.',
  ),
};

// ---- December 2023 revision ----

const WT_2023_INTRODUCTION: SeedSection = {
  key: 'introduction',
  heading: 'Introduction',
  body: paragraphs(
    'This statutory guidance explains what organisations and agencies in England must and should do to help, support and protect children, meaning everyone under the age of 18, and to promote their welfare. It applies to every body with functions relating to children, and it takes the place of the 2018 edition and its 2020 update as part of the wider reform of children’s social care.',
    'Two principles run through it. Keeping children safe is a responsibility shared by everyone who works with them, and practice must be child-centred while taking account of the whole family, so that the needs, wishes and experience of each child shape what practitioners do.',
    'The guidance gives effect to duties in the Children Act 1989, the Children Act 2004 and the Children and Social Work Act 2017, and it sits alongside the Children’s Social Care National Framework. A companion statutory framework document lists the legislative requirements, and the Department for Education published a separate summary of what changed.',
  ),
};

const WT_2023_SHARED_RESPONSIBILITY: SeedSection = {
  key: 'shared-responsibility',
  heading: 'A shared responsibility',
  body: paragraphs(
    'This new chapter opens the guidance with the principles that should guide everyone who helps, supports and protects children. Work should stay focused on the child while recognising that children are usually best helped by understanding and supporting the whole family around them.',
    'It sets expectations for working with parents and carers: relationships built on respect, honesty and clear explanation, families involved in the decisions that affect them, and practice that starts from what is going well in a family as well as what worries practitioners.',
    'It also describes what multi-agency working requires at every level, from strategic leaders to frontline practitioners: sharing information promptly, challenging one another constructively, and understanding how poverty, discrimination and racism shape the lives of the families they serve.',
  ),
};

const WT_2023_ARRANGEMENTS: SeedSection = {
  key: 'multi-agency-arrangements',
  heading: 'Multi-agency safeguarding arrangements',
  body: paragraphs(
    'The three statutory safeguarding partners remain the local authority, the police and, in place of clinical commissioning groups, the integrated care boards set up under the Health and Care Act 2022. The head of each organisation, that is the local authority chief executive, the chief constable and the chief executive of the integrated care board, is its lead safeguarding partner and shares accountability for the arrangements.',
    'Each lead safeguarding partner should appoint a delegated safeguarding partner to run the arrangements day to day on its behalf. The partners agree who will act as partnership chair, steering the joint work and holding the partnership to account alongside independent scrutiny.',
    // Moved here from organisational responsibilities and strengthened.
    WT_2023_EDUCATION,
    'The partners share funding fairly and publish a yearly report on what the arrangements achieved.',
  ),
};

const WT_2023_PROVIDING_HELP: SeedSection = {
  key: 'assessing-need',
  heading: 'Providing help, support and protection',
  body: paragraphs(
    'This chapter follows a child through help, support and protection. Early help, and the family help being developed through the reform of children’s social care, should reach families as soon as difficulties appear and be offered by whichever agencies are best placed to give it.',
    'Assessment of children in need under the Children Act 1989 continues. Where a child may be suffering, or be likely to suffer, significant harm, strategy discussions, section 47 enquiries and child protection conferences follow, with a suitably experienced social worker leading the work.',
    'New multi-agency child protection practice standards describe what every practitioner involved in child protection should do, from looking into concerns to planning and reviewing with the family, so that practice is consistent from one area and agency to the next.',
    'The chapter also deals with harm that arises outside the home, such as exploitation, and with the particular needs of disabled children, young carers, children in the youth justice system and other groups who may need extra support.',
  ),
};

const WT_2023_ORGANISATIONAL: SeedSection = {
  key: 'organisational-responsibilities',
  heading: 'Organisational responsibilities',
  body: paragraphs(
    WT_2018_ORGANISATIONAL.body.split('\n\n')[0]!,
    'The chapter then sets out what is expected of particular sectors, including schools, colleges and early years settings, health bodies, the police, adult social care, housing services, and the justice system from prisons and probation to youth justice.',
    'It also covers UK Visas and Immigration, Cafcass, the armed forces, sports organisations and the voluntary, charity, social enterprise, faith-based and private sectors, with references brought up to date with current legislation and the reformed safeguarding arrangements.',
  ),
};

const WT_2023_LEARNING: SeedSection = {
  key: 'improving-practice',
  heading: 'Learning from serious child safeguarding incidents',
  body: paragraphs(
    'When abuse or neglect is known or suspected and a child has died or been seriously harmed, the local authority notifies the Child Safeguarding Practice Review Panel within five working days. The safeguarding partners then hold a rapid review to decide whether a local child safeguarding practice review is needed.',
    'The national panel takes on reviews of cases that are complex or of national importance. The chapter asks for reviews that are proportionate, involve practitioners and families, and concentrate on learning that changes practice across the system rather than on blame.',
    'Care leavers are brought into the chapter: a local authority should tell the panel when a care leaver under the age of 25 dies, and the partners should consider whether a review could bring out learning about how young people leaving care are supported.',
  ),
};

const WT_2023_CHILD_DEATHS: SeedSection = {
  key: 'child-death-reviews',
  heading: 'Child death reviews',
  body: paragraphs(
    'The death of every child normally resident in an area is reviewed. The local authority and the integrated care boards act as child death review partners and organise reviews across an area large enough to reveal patterns.',
    WT_2018_CHILD_DEATHS.body.split('\n\n')[1]!,
  ),
};

/** Chapters as each edition prints them: the introduction unnumbered, then 1, 2, 3… */
const numbered = (sections: SeedSection[]): SeedSection[] =>
  sections.map((s, i) => (s.key === 'introduction' ? s : { ...s, number: String(i) }));

const workingTogether: SeedDocument = {
  slug: 'working-together-to-safeguard-children',
  title: 'Working Together to Safeguard Children',
  kind: 'STATUTORY_GUIDANCE',
  versions: [
    {
      label: '2018',
      publishedOn: '2018-07-04',
      changeNote:
        'New edition following the Children and Social Work Act 2017, replacing the 2015 guidance: three safeguarding partners take over from Local Safeguarding Children Boards, local and national child safeguarding practice reviews replace serious case reviews, and child death review partners take charge of child death reviews.',
      source:
        'Public record of the 2018 edition; TASP newsletter, Spring 2020 (reforms embedded in the Children and Social Work Act 2017 and Working Together 2018)',
      sections: numbered([
        WT_2018_INTRODUCTION,
        WT_2018_ASSESSING_NEED,
        WT_2018_ORGANISATIONAL,
        WT_2018_ARRANGEMENTS,
        WT_2018_IMPROVING,
        WT_2018_CHILD_DEATHS,
      ]),
    },
    {
      label: '2020',
      publishedOn: '2020-12-09',
      changeNote:
        'Factual update: information sharing without consent where another lawful basis applies; domestic abuse and coercive control; the homelessness duty to refer; missing children; children of offenders; children in mental health inpatient settings; assessing risk outside the home (formerly contextual safeguarding) with a CSE/CSA toolkit; a removed Appendix B link on fabricated or induced illness; the safeguarding definition now names mental and physical health; school staff told that mental health problems can signal abuse; allegations procedures extended to conduct outside work. Also: armed forces contacts; the VCSE, faith and private sector paragraph; a Public Health England footnote; alignment with KCSIE 2020; clarified multi-agency arrangements; a new table on serious incident notification, rapid reviews and local reviews.',
      source: 'TASP newsletter, Spring 2021',
      sections: numbered([
        WT_2020_INTRODUCTION,
        WT_2020_ASSESSING_NEED,
        WT_2020_ORGANISATIONAL,
        WT_2020_ARRANGEMENTS,
        WT_2020_IMPROVING,
        WT_2018_CHILD_DEATHS,
      ]),
    },
    {
      label: '2023',
      publishedOn: '2023-12-15',
      changeNote:
        'Revision within the reform of children’s social care that strengthens multi-agency working across help, support and protection, keeps a child-centred approach with a whole-family focus, and embeds consistent multi-agency child protection practice. It adds an opening chapter on shared responsibility, moves the multi-agency arrangements forward with lead and delegated safeguarding partners, a partnership chair, integrated care boards and a stronger role for education, and renames two chapters.',
      source: `${CIRCULAR}; TASP newsletters, Spring 2022 and Summer 2023; public record of the 2023 edition`,
      sections: numbered([
        WT_2023_INTRODUCTION,
        WT_2023_SHARED_RESPONSIBILITY,
        WT_2023_ARRANGEMENTS,
        WT_2023_PROVIDING_HELP,
        WT_2023_ORGANISATIONAL,
        WT_2023_LEARNING,
        WT_2023_CHILD_DEATHS,
      ]),
    },
  ],
};

// ===================================================================================================
// Items of the spring 2024 information circular
// ===================================================================================================

const nationalFramework: SeedDocument = {
  slug: 'childrens-social-care-national-framework',
  title: "Children's Social Care: National Framework",
  kind: 'STATUTORY_GUIDANCE',
  versions: [
    {
      label: '2023',
      publishedOn: '2023-12-15',
      changeNote:
        'First edition, issued on 15 December 2023 together with the revised Working Together within the reform of children’s social care; local authorities have until 20 December 2024 to embed it.',
      source: `${CIRCULAR}; publication date and structure from the public record`,
      sections: [
        {
          key: 'purpose-and-status',
          heading: 'Purpose and status',
          body: paragraphs(
            'The framework is statutory guidance describing what local authority children’s social care is for and what its leaders and practitioners have to do to meet their legal duties.',
            'Authorities are expected to follow it and may depart from it only where they have a sound reason for doing so.',
          ),
        },
        {
          key: 'audience',
          heading: 'Who the framework is for',
          body: paragraphs(
            'It is written first for the staff of children’s social care within local authorities, from senior leaders and practice supervisors to practitioners.',
            'It also holds material for the safeguarding partners and for the other agencies that work alongside children’s social care, so that all of them share the same expectations.',
          ),
        },
        {
          key: 'principles',
          heading: 'Principles',
          body: paragraphs(
            'A set of principles is meant to run through all of children’s social care: the welfare of the child comes first, children’s wishes and feelings are sought and acted on, and practitioners work in partnership with the whole family.',
            'Children should grow up within their own families or family networks wherever that is safe, and services should be designed so that they work for every community they serve.',
          ),
        },
        {
          key: 'enablers',
          heading: 'Enablers',
          body: paragraphs(
            'Three enablers create the conditions for good practice: multi-agency working that is given priority and works well, leaders who build an environment in which good practice can thrive, and a workforce with the skills, support and capacity to do its job.',
            'Putting these in place falls mainly to senior leaders working with their partners, rather than to individual practitioners.',
          ),
        },
        {
          key: 'outcomes',
          heading: 'Outcomes',
          body: paragraphs(
            'The framework names four outcomes for children’s social care: children and families get the help they need and stay together where that is possible; children are supported by their family network; children are safe both inside and outside their homes; and children in care and care leavers have stable, loving homes.',
            'Each outcome comes with indicators that help an authority judge how far it is achieving it.',
          ),
        },
        {
          key: 'embedding',
          heading: 'Putting the framework into practice',
          body: paragraphs(
            'The embedding period runs from 15 December 2023 until 20 December 2024. Within it, each local authority is expected to make the framework part of the way its children’s social care works.',
            'It is meant to be read together with Improving Practice with Children, Young People and Families, a companion document giving senior leaders, practice supervisors and practitioners advice on bringing the framework into everyday practice.',
          ),
        },
      ],
    },
  ],
};

const ilacs: SeedDocument = {
  slug: 'inspecting-local-authority-childrens-services',
  title: "Ofsted: Inspecting Local Authority Children's Services (ILACS)",
  // An inspection framework issued by Ofsted rather than guidance issued under statute, although the
  // circular files it under its "Statutory Guidance" heading.
  kind: 'PRACTICE_GUIDANCE',
  versions: [
    {
      label: '2024-02',
      publishedOn: '2024-02-02',
      changeNote:
        'Framework updated by Ofsted on 2 February 2024, with a separate summary of the changes; the circular does not list what they were.',
      source: CIRCULAR,
      sections: [
        {
          key: 'scope',
          heading: 'What the framework covers',
          body: paragraphs(
            'The framework describes how Ofsted inspects local authority children’s services in England under the programme known as ILACS: the services that help and protect children, look after children in care and support care leavers.',
            'It explains the kinds of inspection activity, from standard and short inspections to focused and monitoring visits, what inspectors examine, and how they reach judgements on Ofsted’s four-point scale from outstanding to inadequate.',
          ),
        },
        {
          key: 'february-2024-update',
          heading: 'The February 2024 update',
          body: paragraphs(
            'Ofsted revised the framework on 2 February 2024 and published, alongside it, a separate summary of the changes it made.',
            'Separately, Ofsted has set out in a blog its early views on how the reform of children’s social care will affect practice and inspection.',
          ),
        },
      ],
    },
  ],
};

const ageAssessment: SeedDocument = {
  slug: 'basw-age-assessment-practice-guide',
  title: 'BASW: Age Assessment Practice Guide',
  kind: 'PRACTICE_GUIDANCE',
  versions: [
    {
      label: '2024',
      publishedOn: CIRCULAR_ISSUE_DATE,
      changeNote:
        'Guide recorded from the spring 2024 information circular. The circular gives no publication date, so its own issue date (spring 2024, recorded as 1 March 2024) is used.',
      source: CIRCULAR,
      sections: [
        {
          key: 'purpose',
          heading: 'Purpose',
          body: paragraphs(
            'The British Association of Social Workers produced the guide to describe good practice in age assessment within the system as it currently operates.',
            'Age assessments are most often needed for young people who arrive in the UK to seek asylum without papers that establish how old they are.',
          ),
        },
        {
          key: 'legal-context',
          heading: 'The legal context',
          body: paragraphs(
            'The Nationality and Borders Act 2022 and the Illegal Migration Act 2023 changed the legal setting in which assessments are made.',
            'Since those Acts, getting age assessment right has become more important than ever, and the guide is written to help social workers do it carefully and fairly.',
          ),
        },
      ],
    },
  ],
};

const kinshipStrategy: SeedDocument = {
  slug: 'kinship-care-strategy',
  title: "Department for Education: England's First Kinship Care Strategy",
  kind: 'POLICY_PAPER',
  versions: [
    {
      label: '2023',
      publishedOn: '2023-12-15',
      changeNote:
        'First national kinship care strategy for England, issued within the reform of children’s social care. The circular gives no date; 15 December 2023 is the publication date on the public record.',
      source: `${CIRCULAR}; publication date and commitments from the public record`,
      sections: [
        {
          key: 'purpose',
          heading: 'Purpose',
          body: paragraphs(
            'This is the first strategy for kinship care in England, published by the Department for Education under the title Championing Kinship Care as part of the wider reform of children’s social care.',
            'It recognises the relatives and friends, among them grandparents, aunts and uncles, brothers and sisters and the wider family network, who bring up children who are unable to live with their parents.',
          ),
        },
        {
          key: 'support',
          heading: 'Support for kinship families',
          body: paragraphs(
            'The strategy promises kinship families more financial stability and more support from local authorities and from schools.',
            'Its commitments include piloting a financial allowance for some kinship carers in a small number of local authorities and widening the role of virtual school heads to cover children in kinship care.',
          ),
        },
      ],
    },
  ],
};

const nationalReviewIntrafamilialAbuse: SeedDocument = {
  slug: 'national-review-child-sexual-abuse-in-the-family-environment',
  title:
    'Child Safeguarding Practice Review Panel: National review into child sexual abuse within the family environment',
  kind: 'NEWS_ITEM',
  versions: [
    {
      label: '2024',
      publishedOn: CIRCULAR_ISSUE_DATE,
      changeNote:
        'Announcement and terms of reference recorded from the spring 2024 information circular. The circular gives no date, so its own issue date (spring 2024, recorded as 1 March 2024) is used.',
      source: CIRCULAR,
      sections: [
        {
          key: 'announcement',
          heading: 'The announcement',
          body: paragraphs(
            'In a letter, the chair of the Child Safeguarding Practice Review Panel announced a national review of child sexual abuse that takes place within the family environment.',
            'The terms of reference, which define the scope of the review, were published with the letter.',
          ),
        },
        {
          key: 'context',
          heading: 'Context',
          body: paragraphs(
            'The panel is the independent national body that looks at serious child safeguarding cases in England and carries out national reviews where cases raise issues of national importance.',
            'The same circular also reports Home Office plans for tougher laws to protect children from sexual abuse.',
          ),
        },
      ],
    },
  ],
};

const traumaResource: SeedDocument = {
  slug: 'childhood-trauma-war-migration-and-asylum',
  title: 'UK Trauma Council: Childhood Trauma, War, Migration and Asylum',
  kind: 'RESOURCE',
  versions: [
    {
      label: '2024',
      publishedOn: CIRCULAR_ISSUE_DATE,
      changeNote:
        'Resource recorded from the spring 2024 information circular. The circular gives no date, so its own issue date (spring 2024, recorded as 1 March 2024) is used.',
      source: CIRCULAR,
      sections: [
        {
          key: 'what-it-offers',
          heading: 'What the resources offer',
          body: paragraphs(
            'The UK Trauma Council provides a free, evidence-based collection of materials for children and young people whose lives have been touched by war, by migration or by seeking asylum.',
            'The materials are also intended for the professionals who support these young people in schools and in community settings.',
          ),
        },
        {
          key: 'how-it-was-made',
          heading: 'How the resources were made',
          body: paragraphs(
            'They were co-produced with young people who have been through the asylum process themselves and with the adults who support them.',
            'The resources are available in several languages.',
          ),
        },
      ],
    },
  ],
};

export const seedDocuments: SeedDocument[] = [
  workingTogether,
  nationalFramework,
  ilacs,
  ageAssessment,
  kinshipStrategy,
  nationalReviewIntrafamilialAbuse,
  traumaResource,
];
