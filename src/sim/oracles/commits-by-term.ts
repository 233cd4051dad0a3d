/**
 * The highest commit index seen in each term: what a node that lost data to a
 * storage fault must learn again is what was committed in the terms it took
 * part in (storage-trust.ts).
 *
 * A commit index rises only on a leader's word (or the leader's own count),
 * and a node learns it in the term it is in, so the index a node reached in
 * term t was committed by a leader of term t or earlier. Each rise is filed
 * under the term the node was in when it saw it.
 */

export class CommitsByTerm {
  private readonly highest = new Map<number, number>();

  /** A node in `term` holds commit index `commit`. */
  seen(term: number, commit: number): void {
    if (commit > (this.highest.get(term) ?? 0)) this.highest.set(term, commit);
  }

  /** The highest commit index seen in any term up to `term`. */
  upTo(term: number): number {
    let commit = 0;
    for (const [seenTerm, seen] of this.highest) if (seenTerm <= term && seen > commit) commit = seen;
    return commit;
  }
}
