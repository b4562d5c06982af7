// The 20 versions the documents bench blames (bench/cases/documents.ts), for measuring and pinning
// blame on them outside the full bench.
import type { SectionText } from '../../src/domain/documents/compare.ts';
import { firstVersion, secondVersion } from '../cases/compare.ts';
import { Random } from './random.ts';

/** About 60,000 words each, each a light revision of the one before: the same seed and draws, in the same order, as the bench. */
export function benchBlameVersions(): SectionText[][] {
  const random = new Random(2016);
  const from = firstVersion(random);
  // The bench's paragraph comparison draws its second version here.
  secondVersion(random, from);
  const versions: SectionText[][] = [from];
  for (let i = 1; i < 20; i += 1) versions.push(secondVersion(random, versions.at(-1)!));
  return versions;
}
