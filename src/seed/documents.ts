// The seed corpus of guidance documents. Facts (titles, dates, chapter structure, what each
// revision changed) come from the TASP newsletter archive, the spring 2024 information circular
// and the public record; every sentence is our own chapter-level summary, not the published text.
import type { DocumentKind } from '../events/catalogue.ts';

export interface SeedSection {
  key: string;
  heading: string;
  body: string;
}

export interface SeedVersion {
  label: string;
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
const SPRING_2021 = 'TASP newsletter, Spring 2021';

// ---- Working Together to Safeguard Children: chapter texts shared between versions ----

const WT_2018_INTRODUCTION: SeedSection = {
  key: 'introduction',
  heading: 'Introduction',
  body: [
    'Safeguarding is everyone’s business: every practitioner who meets a child or a family has a part in keeping children safe and in promoting their welfare. This guidance sets out what the law requires of organisations and agencies in England, and how they are expected to work together to meet those duties.',
    'A child-centred approach runs through it: decisions turn on the needs and views of the child, and practitioners should listen to children, keep them in focus when working with adults, and share information early so that problems are tackled before they grow.',
    'The guidance applies to local authorities, health bodies, the police, schools, and the wider range of organisations that work with children. It replaces the 2015 edition and reflects the Children and Social Work Act 2017.',
  ].join('\n\n'),
};

const WT_2018_ASSESSING_NEED: SeedSection = {
  key: 'assessing-need',
  heading: 'Assessing need and providing help',
  body: [
    'Early help means offering support as soon as a difficulty appears, at any point in a child’s life. Local organisations should know how to spot children who would benefit, and should work together to assess needs and agree a plan with the family.',
    'Where a child may be in need, or at risk of significant harm, the local authority leads an assessment under the Children Act 1989. Assessments should be timely, proportionate to the concerns, and rooted in the child’s own experience; they may lead to a child in need plan, strategy discussions, section 47 enquiries and, where needed, a child protection conference and plan.',
    'Information sharing is central to effective early help and protection. Practitioners should share relevant information with the right people at the right time, and seek consent where it is appropriate to do so.',
  ].join('\n\n'),
};

const WT_2018_ORGANISATIONAL: SeedSection = {
  key: 'organisational-responsibilities',
  heading: 'Organisational responsibilities',
  body: [
    'Every organisation that works with children must have arrangements that reflect the importance of safeguarding: clear leadership and accountability, safe recruitment, training for staff, and a culture in which concerns can be raised and acted on.',
    'The chapter describes the specific duties that fall on individual organisations, including the section 11 duty under the Children Act 2004, and the roles of schools and colleges, health services, the police, the probation service, youth custody, the armed forces, and voluntary, charity, social enterprise, faith-based and private sector organisations.',
  ].join('\n\n'),
};

const WT_2018_ARRANGEMENTS: SeedSection = {
  key: 'multi-agency-arrangements',
  heading: 'Multi-agency safeguarding arrangements',
  body: [
    'Local Safeguarding Children Boards are replaced by new local arrangements led by three safeguarding partners: the local authority, the clinical commissioning group and the chief officer of police for the area. Together they have an equal and shared duty to make arrangements to safeguard and promote the welfare of the children in their area.',
    'The partners decide which relevant agencies to involve, publish their arrangements, commission independent scrutiny of how well they work, and report on them each year. Schools, colleges and other education settings may be named as relevant agencies.',
  ].join('\n\n'),
};

const WT_2018_IMPROVING: SeedSection = {
  key: 'improving-practice',
  heading: 'Improving child protection and safeguarding practice',
  body: [
    'When a child dies or is seriously harmed and abuse or neglect is known or suspected, the local authority notifies the national Child Safeguarding Practice Review Panel. The safeguarding partners carry out a rapid review and decide whether a local child safeguarding practice review is needed.',
    'The national panel takes on reviews of cases that raise issues of national importance. The aim of every review is to learn and improve practice, not to apportion blame, and findings should be published and acted on.',
  ].join('\n\n'),
};

const WT_2018_CHILD_DEATHS: SeedSection = {
  key: 'child-death-reviews',
  heading: 'Child death reviews',
  body: [
    'Every child death is reviewed, so that lessons can be learned and future deaths prevented where possible. Local authorities and clinical commissioning groups act as child death review partners and set up arrangements covering a population large enough to see patterns.',
    'The process runs from the immediate response after a death, through a child death review meeting with the practitioners involved, to an independent review by a child death overview panel, which reports what it learns to the national database.',
  ].join('\n\n'),
};

const WT_2020_ASSESSING_NEED: SeedSection = {
  ...WT_2018_ASSESSING_NEED,
  body: [
    WT_2018_ASSESSING_NEED.body.split('\n\n')[0]!,
    WT_2018_ASSESSING_NEED.body.split('\n\n')[1]!,
    'Information sharing is central to effective early help and protection. Consent is not the only lawful basis for sharing under the Data Protection Act 2018 and the GDPR: where another basis fits better, such as a task carried out in the public interest or the exercise of official authority, safeguarding concerns should be shared without seeking consent whenever that is necessary for the child.',
    'Practitioners should recognise domestic abuse, including controlling or coercive behaviour, as harm to the children who live with it: children affected by domestic abuse are victims in their own right. The guidance also points to the needs of missing children, children of offenders and children in mental health inpatient settings.',
    'Public authorities, including every social services function from early help to leaving care, have a duty under the Homelessness Reduction Act 2017 to refer families who are homeless or threatened with homelessness to the local housing authority, so that help comes early.',
  ].join('\n\n'),
};

const WT_2020_ORGANISATIONAL: SeedSection = {
  ...WT_2018_ORGANISATIONAL,
  body: [
    WT_2018_ORGANISATIONAL.body.split('\n\n')[0]!,
    'The chapter describes the specific duties that fall on individual organisations, including the section 11 duty under the Children Act 2004, and the roles of schools and colleges (aligned with Keeping Children Safe in Education 2020), health services, the police, the probation service, youth custody, the armed forces (with updated contact details and a shorter section), and voluntary, charity, social enterprise, faith-based and private sector organisations, whose paragraph is clarified.',
    'A footnote notes the coming restructure of Public Health England.',
  ].join('\n\n'),
};

const WT_2020_ARRANGEMENTS: SeedSection = {
  ...WT_2018_ARRANGEMENTS,
  body: [
    WT_2018_ARRANGEMENTS.body,
    'The 2020 update adds clarifications on how the multi-agency arrangements work in practice, and renames the material on harm outside the home, previously headed contextual safeguarding. It also refers practitioners to a toolkit and framework on child sexual exploitation and abuse.',
  ].join('\n\n'),
};

const WT_2020_IMPROVING: SeedSection = {
  ...WT_2018_IMPROVING,
  body: [
    WT_2018_IMPROVING.body,
    'A new table sets out, step by step, who does what when a serious incident is notified, during the rapid review, and in a local child safeguarding practice review.',
  ].join('\n\n'),
};

const WT_2023_INTRODUCTION: SeedSection = {
  ...WT_2018_INTRODUCTION,
  body: [
    'This guidance sets out what organisations and agencies must and should do to help, support and protect children in England, and how they work together across the whole system, from early help through to child protection.',
    'It is written for leaders and practitioners in local authorities, health, the police, education and the wider sector, and it replaces the 2018 edition and its 2020 update as part of the wider reform of children’s social care.',
  ].join('\n\n'),
};

const WT_2023_SHARED_RESPONSIBILITY: SeedSection = {
  key: 'shared-responsibility',
  heading: 'A shared responsibility',
  body: [
    'Successful help, support and protection depend on everyone working together around the child. This new opening chapter sets out principles for all practitioners: keep a child-centred approach while looking at the whole family, build relationships with parents and carers based on respect and honesty, and work across agencies with shared expectations.',
    'It asks practitioners to understand the impact of poverty, discrimination and racism on families, to listen to children and involve them in decisions, and to take a strengths-based approach that builds on what is working in a family.',
    'It also describes the expectations placed on multi-agency working at every level, from strategic leaders to frontline practitioners, and on sharing information to keep children safe.',
  ].join('\n\n'),
};

const WT_2023_ARRANGEMENTS: SeedSection = {
  key: 'multi-agency-arrangements',
  heading: 'Multi-agency safeguarding arrangements',
  body: [
    'The three statutory safeguarding partners remain the local authority, the integrated care board (which replaces the clinical commissioning group) and the chief officer of police. Each partner names a lead safeguarding partner, the head of the organisation, who is jointly accountable for the arrangements, and may name a delegated safeguarding partner to carry out the work day to day.',
    'The arrangements should have a partnership chair who holds the partners to account and a clear plan for joint funding and independent scrutiny. Education is given a stronger place: schools, colleges and early years settings should be involved in strategic and operational arrangements as relevant agencies.',
    'The partners publish their arrangements and a yearly report on what they did and the difference it made.',
  ].join('\n\n'),
};

const WT_2023_PROVIDING_HELP: SeedSection = {
  key: 'assessing-need',
  heading: 'Providing help, support and protection',
  body: [
    'Help should reach children and families as soon as a need appears. This chapter covers early help and family help, assessment of children in need, and the response when a child may be suffering, or likely to suffer, significant harm.',
    'It introduces multi-agency child protection practice standards: expectations that every practitioner involved in child protection works to, from investigating concerns and holding strategy discussions to child protection conferences and plans, with a lead child protection practitioner who has the right skills and experience.',
    'It also covers harm outside the home, such as exploitation, and the needs of disabled children, young carers and children in the youth justice system.',
  ].join('\n\n'),
};

const WT_2023_ORGANISATIONAL: SeedSection = {
  ...WT_2018_ORGANISATIONAL,
  body: [
    'Every organisation that works with children must have arrangements that reflect the importance of safeguarding: clear leadership and accountability, safe recruitment, training for staff, and a culture in which concerns can be raised and acted on.',
    'The chapter restates the duties of individual organisations and agencies, including education settings, health services, the police, probation, youth justice, the armed forces and the voluntary and private sectors, updated to match the reformed arrangements and current legislation.',
  ].join('\n\n'),
};

const WT_2023_LEARNING: SeedSection = {
  key: 'improving-practice',
  heading: 'Learning from serious child safeguarding incidents',
  body: [
    'Local authorities notify the Child Safeguarding Practice Review Panel of serious incidents; the safeguarding partners complete a rapid review and decide whether a local child safeguarding practice review is needed, while the national panel reviews cases of national importance.',
    'The emphasis is on learning that improves practice across the system: reviews should be proportionate, involve families, and lead to changes that the partners track and report.',
  ].join('\n\n'),
};

const WT_2023_CHILD_DEATHS: SeedSection = {
  ...WT_2018_CHILD_DEATHS,
  body: [
    'Every child death is reviewed, so that lessons can be learned and future deaths prevented where possible. Local authorities and integrated care boards act as child death review partners and set up arrangements covering a population large enough to see patterns.',
    'The process runs from the immediate response after a death, through a child death review meeting, to an independent review by a child death overview panel, which reports what it learns to the national database.',
  ].join('\n\n'),
};

const workingTogether: SeedDocument = {
  slug: 'working-together-to-safeguard-children',
  title: 'Working Together to Safeguard Children',
  kind: 'STATUTORY_GUIDANCE',
  versions: [
    {
      label: '2018',
      publishedOn: '2018-07-04',
      changeNote:
        'New edition following the Children and Social Work Act 2017: Local Safeguarding Children Boards give way to arrangements led by three safeguarding partners, with a national review panel and new child death review partners.',
      source: 'Working Together to Safeguard Children (2018), as described in the TASP newsletter archive',
      sections: [WT_2018_INTRODUCTION, WT_2018_ASSESSING_NEED, WT_2018_ORGANISATIONAL, WT_2018_ARRANGEMENTS, WT_2018_IMPROVING, WT_2018_CHILD_DEATHS],
    },
    {
      label: '2020',
      publishedOn: '2020-12-09',
      changeNote:
        'Factual update: information sharing without consent where another lawful basis applies; domestic abuse and coercive control; the homelessness duty to refer; armed forces contacts; VCSE and faith sector wording; Public Health England footnote; missing children; alignment with KCSIE 2020; clarifications on multi-agency arrangements; a table for serious incident notification and reviews; renamed contextual safeguarding material; a CSE/CSA toolkit; children of offenders; children in mental health inpatient settings; a deleted Appendix B link.',
      source: SPRING_2021,
      sections: [WT_2018_INTRODUCTION, WT_2020_ASSESSING_NEED, WT_2020_ORGANISATIONAL, WT_2020_ARRANGEMENTS, WT_2020_IMPROVING, WT_2018_CHILD_DEATHS],
    },
    {
      label: '2023',
      publishedOn: '2023-12-15',
      changeNote:
        'Revision as part of children’s social care reform: strengthens multi-agency working across help, support and protection, keeps a child-centred approach with a whole-family focus, and sets consistent multi-agency child protection practice standards; a new opening chapter, lead and delegated safeguarding partners, a partnership chair and a stronger role for education.',
      source: CIRCULAR,
      sections: [
        WT_2023_INTRODUCTION,
        WT_2023_SHARED_RESPONSIBILITY,
        WT_2023_ARRANGEMENTS,
        WT_2023_PROVIDING_HELP,
        WT_2023_ORGANISATIONAL,
        WT_2023_LEARNING,
        WT_2023_CHILD_DEATHS,
      ],
    },
  ],
};

// ---- Items of the spring 2024 information circular ----

const nationalFramework: SeedDocument = {
  slug: 'childrens-social-care-national-framework',
  title: "Children's Social Care: National Framework",
  kind: 'STATUTORY_GUIDANCE',
  versions: [
    {
      label: '2023',
      publishedOn: '2023-12-15',
      changeNote: 'First publication, alongside the 2023 revision of Working Together, as part of the wider reform of children’s social care.',
      source: CIRCULAR,
      sections: [
        {
          key: 'purpose',
          heading: 'Purpose and status',
          body: 'The framework is statutory guidance for everyone working in local authority children’s social care. It says what they must do to comply with the law, and it must be followed unless there is good reason not to.\n\nIt also matters to all safeguarding partners and agencies that work alongside children’s social care.',
        },
        {
          key: 'principles',
          heading: 'Principles',
          body: 'Children’s social care should work with children and families in a way that is child-centred and family-focused, builds on strengths, involves families in decisions and keeps children safely with their families wherever that is possible.',
        },
        {
          key: 'enablers',
          heading: 'Enablers',
          body: 'Practice depends on conditions that leaders put in place: multi-agency working, curious and reflective practice, and a workforce equipped with the skills, supervision and caseloads to do good work.',
        },
        {
          key: 'outcomes',
          heading: 'Outcomes',
          body: 'The framework names the outcomes that children’s social care works towards: children and families get the help they need, children are supported by their family network, children are safe in and outside their homes, and children in care and care leavers have stable, loving homes.',
        },
        {
          key: 'embedding',
          heading: 'Putting it into practice',
          body: 'Local authorities have a twelve-month period, from 15 December 2023 to 20 December 2024, to embed the framework. It should be read with Improving Practice with Children, Young People and Families, which gives advice to senior leaders, practice supervisors and practitioners on how to do so.',
        },
      ],
    },
  ],
};

const ilacs: SeedDocument = {
  slug: 'inspecting-local-authority-childrens-services',
  title: "Ofsted: Inspecting Local Authority Children's Services (ILACS)",
  kind: 'PRACTICE_GUIDANCE',
  versions: [
    {
      label: '2024-02',
      publishedOn: '2024-02-02',
      changeNote: 'Framework updated by Ofsted on 2 February 2024; a separate summary lists what changed.',
      source: CIRCULAR,
      sections: [
        {
          key: 'scope',
          heading: 'What the framework covers',
          body: 'The framework explains how Ofsted inspects local authority children’s services in England: the inspections it carries out, what inspectors look at and how judgements are reached.',
        },
        {
          key: 'changes',
          heading: 'Changes in February 2024',
          body: 'The February 2024 update revised the framework; Ofsted published a summary of the changes alongside it so that local authorities can see what is new.',
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
      publishedOn: '2024-03-01',
      changeNote: 'Recorded from the spring 2024 circular, which gives no publication date; the date is the circular’s season.',
      source: CIRCULAR,
      sections: [
        {
          key: 'purpose',
          heading: 'Purpose',
          body: 'The guide describes good practice for social workers carrying out age assessments within the current system.',
        },
        {
          key: 'context',
          heading: 'Legal context',
          body: 'The Nationality and Borders Act 2022 and the Illegal Migration Act 2023 have made age assessment weigh more heavily on the young people concerned, which makes careful, fair practice all the more important.',
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
      changeNote: 'First kinship care strategy for England, published as part of the wider reform of children’s social care.',
      source: CIRCULAR,
      sections: [
        {
          key: 'purpose',
          heading: 'Purpose',
          body: 'The strategy recognises the kinship carers who raise children when their parents cannot: grandparents, aunts, uncles, older siblings and the wider family network.',
        },
        {
          key: 'support',
          heading: 'Support for kinship families',
          body: 'It sets out how the government intends to improve the help available to kinship carers and the children they look after, and how local authorities should make that help easier to find and use.',
        },
      ],
    },
  ],
};

export const seedDocuments: SeedDocument[] = [workingTogether, nationalFramework, ilacs, ageAssessment, kinshipStrategy];
