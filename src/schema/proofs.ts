// Proofs that history was only ever appended to (RFC 6962 Merkle tree over the log): the signed
// tree head, the key that signs it, inclusion and consistency proofs. Public: they reveal hashes,
// never content. Sizes, indexes and positions are decimal strings (they can exceed 2^53).
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { ProofRequestError, type ConsistencyProof, type InclusionProof } from '../app/proofs.ts';
import { LogDamagedError } from '../app/integrity.ts';
import type { SignedTreeHead, SigningKeyInfo } from '../app/signing.ts';
import { builder } from './builder.ts';
import { MAX_LOG_POSITION, parseLogPosition } from './scalars.ts';
import type { Context } from './context.ts';

const SignedTreeHeadRef = builder.objectRef<SignedTreeHead>('SignedTreeHead').implement({
  description:
    'The root of the Merkle tree over the first treeSize events (RFC 6962), signed with Ed25519. The signature (base64) covers the UTF-8 bytes of treeSize + "\\n" + rootHash + "\\n" + timestamp + "\\n"',
  fields: (t) => ({
    treeSize: t.exposeString('treeSize', { description: 'Events (leaves) in the tree' }),
    rootHash: t.exposeString('rootHash', { description: 'MTH of the leaves, lower-case hex' }),
    timestamp: t.field({ type: 'DateTime', description: 'When the head was signed', resolve: (h) => h.timestamp }),
    keyId: t.exposeString('keyId', {
      description: 'Hex SHA-256 of the signing public key in DER (SubjectPublicKeyInfo) form',
    }),
    signature: t.exposeString('signature'),
  }),
});

const SigningKeyRef = builder.objectRef<SigningKeyInfo>('SigningKey').implement({
  description: 'The public key that signs tree heads; also served at /.well-known/tree-head-key',
  fields: (t) => ({
    keyId: t.exposeString('keyId'),
    algorithm: t.exposeString('algorithm'),
    publicKeyPem: t.exposeString('publicKeyPem', { description: 'SubjectPublicKeyInfo, PEM' }),
  }),
});

const InclusionProofRef = builder.objectRef<InclusionProof>('InclusionProof').implement({
  description: "An RFC 6962 audit path: shows the event's leaf is in the tree of treeSize leaves",
  fields: (t) => ({
    leafIndex: t.exposeString('leafIndex', { description: '0-based index of the leaf' }),
    leafHash: t.exposeString('leafHash', { description: 'SHA-256(0x00 ‖ canonical event bytes), lower-case hex' }),
    treeSize: t.exposeString('treeSize'),
    auditPath: t.exposeStringList('auditPath', {
      description: 'Sibling hashes from the leaf up to the root, lower-case hex',
    }),
  }),
});

const ConsistencyProofRef = builder.objectRef<ConsistencyProof>('ConsistencyProof').implement({
  description:
    'An RFC 6962 consistency proof: shows the tree of fromSize leaves is a prefix of the tree of toSize leaves',
  fields: (t) => ({
    fromSize: t.exposeString('fromSize'),
    toSize: t.exposeString('toSize'),
    path: t.exposeStringList('path', { description: 'Lower-case hex' }),
  }),
});

/** One tree size per request, so a head and the proofs asked for beside it describe the same tree. */
const sizeOfRequest = new WeakMap<Context, number>();
const requestSize = (ctx: Context): number => {
  let size = sizeOfRequest.get(ctx);
  if (size === undefined) {
    size = ctx.services.proofs.size();
    sizeOfRequest.set(ctx, size);
  }
  return size;
};

/** How proof arguments are written; each is read by parseLogPosition, like every log position. */
const DECIMAL = `decimal digits, 0 to ${MAX_LOG_POSITION}`;

/** A tree-size argument, or the size of this request's tree when it is left out. */
function treeSizeArgument(ctx: Context, value: string | null | undefined, argument: string): bigint {
  return value != null ? parseLogPosition(value, argument) : BigInt(requestSize(ctx));
}

/** Answers a head or proof, or the error proofError makes of why it cannot be given. */
function answerProof<T>(prove: () => T): T {
  try {
    return prove();
  } catch (error) {
    return proofError(error);
  }
}

/** A proof request the tree cannot answer (BAD_USER_INPUT), or a damaged log that signs nothing (LOG_DAMAGED). */
function proofError(error: unknown): never {
  if (error instanceof ProofRequestError)
    throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
  if (error instanceof LogDamagedError) {
    throw new GraphQLError(
      `No tree head is signed and no proof given while the event log is damaged: ${error.reason}`,
      {
        extensions: { code: 'LOG_DAMAGED' },
      },
    );
  }
  throw error;
}

const leafLoaders = new WeakMap<Context, DataLoader<bigint, string | null, string>>();
/** The leaf hash (hex) of the event at each position, one query for every event of a request. */
export function leafHashLoader(ctx: Context): DataLoader<bigint, string | null, string> {
  let loader = leafLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(
      async (positions) => {
        const found = new Map(ctx.services.tree.leavesAt(positions).map((l) => [l.position, l.hash.toString('hex')]));
        return positions.map((p) => found.get(p) ?? null);
      },
      { cacheKeyFn: String },
    );
    leafLoaders.set(ctx, loader);
  }
  return loader;
}

builder.queryFields((t) => ({
  treeHead: t.field({
    type: SignedTreeHeadRef,
    description:
      'The signed head of the Merkle tree over the log as the read models have it now; while the log is damaged none is signed (error code LOG_DAMAGED)',
    resolve: (_root, _args, ctx) => answerProof(() => ctx.services.proofs.head(requestSize(ctx))),
  }),
  signingKey: t.field({
    type: SigningKeyRef,
    description: 'The public key tree heads are signed with',
    resolve: (_root, _args, ctx) => {
      const { keyId, algorithm, publicKeyPem } = ctx.services.signer();
      return { keyId, algorithm, publicKeyPem };
    },
  }),
  inclusionProof: t.field({
    type: InclusionProofRef,
    description:
      "Proof that the event at a log position is in the tree of treeSize leaves (default: the current treeHead's size)",
    args: {
      position: t.arg.string({ required: true, description: `The event’s global log position (${DECIMAL})` }),
      treeSize: t.arg.string({
        description: `Leaves in the tree to prove against, at most the tree's size (${DECIMAL})`,
      }),
    },
    resolve: (_root, args, ctx) =>
      answerProof(() =>
        ctx.services.proofs.inclusion(
          parseLogPosition(args.position, 'position'),
          treeSizeArgument(ctx, args.treeSize, 'treeSize'),
        ),
      ),
  }),
  consistencyProof: t.field({
    type: ConsistencyProofRef,
    description:
      "Proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (default: the current treeHead's size)",
    args: {
      from: t.arg.string({ required: true, description: `Leaves in the older tree, from 1 to \`to\` (${DECIMAL})` }),
      to: t.arg.string({ description: `Leaves in the newer tree, at most the tree's size (${DECIMAL})` }),
    },
    resolve: (_root, args, ctx) =>
      answerProof(() =>
        ctx.services.proofs.consistency(parseLogPosition(args.from, 'from'), treeSizeArgument(ctx, args.to, 'to')),
      ),
  }),
}));
