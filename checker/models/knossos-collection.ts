/**
 * What Knossos's set and queue models (knossos-set.ts, knossos-queues.ts)
 * share: their state is a collection of EDN values (canonical texts), each
 * with a count, held in a persistent AVL tree by a key: the text itself for
 * the set and the unordered queue (sorted as ednText sorts a set's
 * elements, so a set's text can be compared with a read's), the enqueue's
 * number for the FIFO queue. A step copies one path, O(log n), and the hash
 * is kept up to date as it goes: a Jepsen set test adds tens of thousands of
 * elements, and copying and hashing the whole collection at every step made
 * 40,000 adds take 35 s and gigabytes of garbage.
 */

import { hashText } from './knossos-cas-register.js';

/** One key of the tree: the item's text and how many times it is there. Immutable. */
interface TreeNode {
  readonly key: string | number;
  readonly text: string;
  readonly count: number;
  readonly height: number;
  readonly left: TreeNode | null;
  readonly right: TreeNode | null;
}

export interface Collection {
  readonly root: TreeNode | null;
  /** The sum of the items' hashes, each as often as it is there: blind to keys and order. */
  readonly hash: number;
  /** Items, counted with their repeats. */
  readonly size: number;
}

export const EMPTY_COLLECTION: Collection = { root: null, hash: 0, size: 0 };

const heightOf = (node: TreeNode | null): number => node?.height ?? 0;

function made(key: string | number, text: string, count: number, left: TreeNode | null, right: TreeNode | null): TreeNode {
  return { key, text, count, left, right, height: Math.max(heightOf(left), heightOf(right)) + 1 };
}

const rebuilt = (node: TreeNode, left: TreeNode | null, right: TreeNode | null): TreeNode => made(node.key, node.text, node.count, left, right);

/** The node's subtree with AVL balance restored after one side changed height by one. */
function balanced(node: TreeNode): TreeNode {
  const tilt = heightOf(node.left) - heightOf(node.right);
  if (tilt > 1) {
    let left = node.left!;
    if (heightOf(left.left) < heightOf(left.right)) {
      const pivot = left.right!;
      left = rebuilt(pivot, rebuilt(left, left.left, pivot.left), pivot.right);
    }
    return rebuilt(left, left.left, rebuilt(node, left.right, node.right));
  }
  if (tilt < -1) {
    let right = node.right!;
    if (heightOf(right.right) < heightOf(right.left)) {
      const pivot = right.left!;
      right = rebuilt(pivot, pivot.left, rebuilt(right, pivot.right, right.right));
    }
    return rebuilt(right, rebuilt(node, node.left, right.left), right.right);
  }
  return node;
}

function inserted(node: TreeNode | null, key: string | number, text: string): TreeNode {
  if (node === null) return made(key, text, 1, null, null);
  if (key === node.key) return made(key, node.text, node.count + 1, node.left, node.right);
  if (key < node.key) return balanced(rebuilt(node, inserted(node.left, key, text), node.right));
  return balanced(rebuilt(node, node.left, inserted(node.right, key, text)));
}

/** The subtree without its smallest key, and that key's node. */
function withoutMin(node: TreeNode): [TreeNode | null, TreeNode] {
  if (node.left === null) return [node.right, node];
  const [left, min] = withoutMin(node.left);
  return [balanced(rebuilt(node, left, node.right)), min];
}

/** One count of `key` removed (the node too at the last); the key must be present. */
function removed(node: TreeNode, key: string | number): TreeNode | null {
  if (key < node.key) return balanced(rebuilt(node, removed(node.left!, key), node.right));
  if (key > node.key) return balanced(rebuilt(node, node.left, removed(node.right!, key)));
  if (node.count > 1) return made(node.key, node.text, node.count - 1, node.left, node.right);
  if (node.left === null) return node.right;
  if (node.right === null) return node.left;
  const [right, successor] = withoutMin(node.right);
  return balanced(rebuilt(successor, node.left, right));
}

export function find(collection: Collection, key: string | number): boolean {
  let node = collection.root;
  while (node !== null && node.key !== key) node = key < node.key ? node.left : node.right;
  return node !== null;
}

/** The smallest key's node's text, or undefined when empty. */
export function first(collection: Collection): { key: string | number; text: string } | undefined {
  let node = collection.root;
  if (node === null) return undefined;
  while (node.left !== null) node = node.left;
  return { key: node.key, text: node.text };
}

/** The largest key, or undefined when empty. */
export function lastKey(collection: Collection): string | number | undefined {
  let node = collection.root;
  if (node === null) return undefined;
  while (node.right !== null) node = node.right;
  return node.key;
}

export function withItem(collection: Collection, key: string | number, text: string): Collection {
  return { root: inserted(collection.root, key, text), hash: (collection.hash + hashText(text)) | 0, size: collection.size + 1 };
}

/** One of `key` taken out; `text` is its text (for the hash); the key must be present. */
export function withoutItem(collection: Collection, key: string | number, text: string): Collection {
  return { root: removed(collection.root!, key), hash: (collection.hash - hashText(text)) | 0, size: collection.size - 1 };
}

/** The items' texts in key order, each as often as it is there. */
export function texts(collection: Collection): string[] {
  const out: string[] = [];
  const stack: TreeNode[] = [];
  let node = collection.root;
  while (node !== null || stack.length > 0) {
    while (node !== null) {
      stack.push(node);
      node = node.left;
    }
    const next = stack.pop()!;
    for (let repeat = 0; repeat < next.count; repeat++) out.push(next.text);
    node = next.right;
  }
  return out;
}

/** Same items in the same key order (keys themselves may differ: a FIFO queue's numbers are not its content). */
export function sameCollection(a: Collection, b: Collection): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.size !== b.size) return false;
  const left = texts(a);
  const right = texts(b);
  return left.every((text, index) => text === right[index]);
}

/** `open` + the items + `close`, with the middle elided past about `maxLength` characters. */
export function describeCollection(collection: Collection, open: string, close: string, maxLength?: number): string {
  const text = `${open}${texts(collection).join(' ')}${close}`;
  if (maxLength === undefined || text.length <= maxLength) return text;
  const half = Math.max(1, Math.floor((maxLength - 3) / 2));
  return `${text.slice(0, half)}...${text.slice(-half)}`;
}
