// Imports every type file once and builds the schema.
import { builder } from './builder.ts';
import { describeSchema } from './descriptions.ts';
import './scalars.ts';
import './errors.ts';
import './document.ts';
import './editorial.ts';
import './documentMutations.ts';
import './comparison.ts';
import './structure.ts';
import './importDraft.ts';
import './search.ts';
import './subscriptions.ts';
import './audit.ts';
import './provenance.ts';
import './board.ts';
import './boardMutations.ts';
import './member.ts';
import './membership.ts';
import './membershipMutations.ts';
import './evidence.ts';
import './discrepancies.ts';
import './publication.ts';
import './people.ts';
import './proofs.ts';

export const schema = describeSchema(builder.toSchema({ sortSchema: true }));
