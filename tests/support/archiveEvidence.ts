// The interval the newsletter archive allows for every seeded board and membership fact, read
// from the archive by hand (see src/seed/evidence.ts for the reasoning): the seed and the service
// are both held to it.

/** Every seeded board and membership fact with the interval the archive allows for it. */
export const EXPECTED_FACT_INTERVALS: readonly [what: string, source: string, earliest: string, latest: string][] = [
  ['Richard Burrows appointed', 'TASP newsletter, Spring 2020', '2020-02-20', '2020-04-18'],
  ['2 trustees', 'TASP newsletter, Spring 2020', '2020-02-20', '2020-04-18'],
  ['Deborah Hodes appointed', 'TASP newsletter, Winter 2020', '2020-11-26', '2020-12-31'],
  ['Nazir Afzal appointed', 'TASP newsletter, Winter 2020', '2020-11-26', '2020-12-31'],
  ['60 of 131 partnerships', 'TASP newsletter, Winter 2020', '2020-11-26', '2020-12-31'],
  ['Nasima Patel appointed', 'TASP newsletter, Spring 2021', '2021-01-15', '2021-02-22'],
  ['6 trustees', 'TASP newsletter, Spring 2021', '2021-01-15', '2021-02-22'],
  ['Greenwich joined', 'TASP newsletter, Spring 2021', '2020-11-26', '2021-02-22'],
  ['Sefton joined', 'TASP newsletter, Spring 2021', '2020-11-26', '2021-02-22'],
  ['Buckinghamshire joined', 'TASP newsletter, Spring 2021', '2020-11-26', '2021-02-22'],
  ['63 partnerships', 'TASP newsletter, Spring 2021', '2021-01-15', '2021-02-22'],
  ['83 of 131 partnerships', 'TASP newsletter, Summer 2021', '2021-06-01', '2021-08-12'],
  ['78 of 137 partnerships', 'TASP newsletter, Spring 2022', '2022-03-29', '2022-05-20'],
  ['standard fee £1500', 'TASP newsletter, Spring 2022', '2022-03-29', '2022-05-20'],
  ['72% of partnerships', 'TASP newsletter, Summer 2023', '2023-07-27', '2023-09-06'],
];
