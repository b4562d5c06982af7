// A bound on how deeply a parsed document nests, checked without recursion right after parsing:
// the readers walk their trees recursively, and a few megabytes of "<div>" or ">" nest hundreds
// of thousands of levels deep, which no guidance document does and which would overflow the stack.
import { ValidationError } from '../../errors.ts';

/** Levels of nested elements (HTML) or nodes (Markdown) a document may have. */
export const MAX_NESTING = 200;

/** ValidationError on `content` when the tree under `root` is deeper than MAX_NESTING. */
export function checkNesting<T>(root: T, children: (node: T) => readonly T[] | undefined): void {
  const stack: [T, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) {
      throw new ValidationError([
        { path: 'content', message: `the document nests more than ${MAX_NESTING} levels deep` },
      ]);
    }
    for (const child of children(node) ?? []) stack.push([child, depth + 1]);
  }
}
