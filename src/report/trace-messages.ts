/**
 * Messages as the report draws them (sender, send time, receiver, delivery
 * time, fate), reassembled from the simulator's trace.
 *
 * The trace records a message where something happens to it: `drop` and
 * `duplicate` at the moment it is sent, `deliver` at delivery, `drop` with a
 * "(partition)" or "(down)" tag at the moment it would have been delivered.
 * An arrow needs both ends, so delivery-time events are paired with the
 * message's send: a `send` event (node = sender, peer = receiver, same tag and
 * detail as the delivery) when the trace has them, else the `duplicate` event
 * that announced two copies. Pairing is first-in first-out among messages
 * with the same sender, receiver and description, which is exact up to
 * swapping identical messages.
 *
 * Without `send` events an ordinary delivered message has no known send
 * time; it is listed in `unpaired` rather than drawn with a made-up
 * one.
 */

import type { TraceEvent, TraceKind } from '../sim/index.js';
import type { ReportMessage } from './report-data.js';

/** The trace kind of a send (recorded by the simulator since the report asked; older traces lack it). */
export const SEND_EVENT: TraceKind = 'send';

export interface TracedMessages {
  /** Sorted by send time. */
  messages: ReportMessage[];
  /** The trace had `send` events, so every message has both ends. */
  sendsTraced: boolean;
  /** Times of deliveries (and delivery-time losses) whose send the trace does not show. */
  unpaired: number[];
}

interface InFlight {
  message: ReportMessage;
  /** Copies the network will deliver: 2 after a `duplicate` event. */
  copies: number;
  delivered: number;
}

/** "AppendEntries (partition)" -> ["AppendEntries", "partition"]. */
function splitTag(tag: string): [string, string | null] {
  const match = /^(.*) \((partition|down)\)$/.exec(tag);
  return match === null ? [tag, null] : [match[1] as string, match[2] as string];
}

/** "n1->n2 AppendEntries t3 ..." -> "AppendEntries t3 ..." (the arrow already says who to whom). */
function describe(detail: string, kind: string): string {
  const text = detail.replace(/^n\d+->n\d+ /, '');
  return text === '' ? kind : text;
}

export function messagesFromTrace(events: readonly TraceEvent[]): TracedMessages {
  const sendsTraced = events.some((event) => event.kind === SEND_EVENT);
  const inFlight = new Map<string, InFlight[]>();
  const messages: ReportMessage[] = [];
  const unpaired: number[] = [];

  const keyOf = (from: number, to: number, detail: string): string => `${from}>${to}>${detail}`;
  const start = (event: TraceEvent, from: number, to: number, kind: string): InFlight => {
    const message: ReportMessage = {
      from, to, sent: event.time, received: null, kind, description: describe(event.detail, kind), dropped: false, duplicate: false,
    };
    messages.push(message);
    const entry: InFlight = { message, copies: 1, delivered: 0 };
    const key = keyOf(from, to, event.detail);
    const queue = inFlight.get(key);
    if (queue === undefined) inFlight.set(key, [entry]);
    else queue.push(entry);
    return entry;
  };
  /** The oldest message in flight with this key; removed once all its copies are accounted for. */
  const arrive = (from: number, to: number, detail: string): InFlight | null => {
    const queue = inFlight.get(keyOf(from, to, detail));
    const entry = queue?.[0];
    if (queue === undefined || entry === undefined) return null;
    entry.delivered++;
    if (entry.delivered >= entry.copies) queue.shift();
    return entry;
  };
  /** The message this very send-time event is about: the newest in flight with this key. */
  const justSent = (event: TraceEvent, from: number, to: number): InFlight | null => {
    const queue = inFlight.get(keyOf(from, to, event.detail));
    const entry = queue?.[queue.length - 1];
    return entry !== undefined && entry.message.sent === event.time ? entry : null;
  };

  for (const event of events) {
    if (event.kind === SEND_EVENT) {
      start(event, event.node, event.peer, event.tag);
    } else if (event.kind === 'duplicate') {
      const from = event.peer;
      const to = event.node;
      const entry = (sendsTraced ? justSent(event, from, to) : null) ?? start(event, from, to, event.tag);
      entry.copies = 2;
    } else if (event.kind === 'drop') {
      const from = event.peer;
      const to = event.node;
      const [tag, where] = splitTag(event.tag);
      if (where === null) {
        // Lost by the network at send time: the message never travels.
        const entry = (sendsTraced ? justSent(event, from, to) : null) ?? start(event, from, to, tag);
        const queue = inFlight.get(keyOf(from, to, event.detail));
        queue?.splice(queue.indexOf(entry), 1);
        entry.message.dropped = true;
        continue;
      }
      const entry = arrive(from, to, event.detail);
      if (entry === null) {
        unpaired.push(event.time);
        continue;
      }
      const copy = entry.delivered > 1 ? cloneAsDuplicate(entry.message, messages) : entry.message;
      if (where === 'partition') {
        copy.dropped = true;
        copy.description += ` [cut by the partition at ${event.time} ms]`;
      } else {
        copy.description += ` [receiver down at ${event.time} ms]`;
      }
    } else if (event.kind === 'deliver') {
      const entry = arrive(event.peer, event.node, event.detail);
      if (entry === null) {
        unpaired.push(event.time);
        continue;
      }
      const copy = entry.delivered > 1 ? cloneAsDuplicate(entry.message, messages) : entry.message;
      copy.received = event.time;
    }
  }
  messages.sort((a, b) => a.sent - b.sent);
  return { messages, sendsTraced, unpaired };
}

/** The second copy of a duplicated message: its own arrow, marked as the duplicate. */
function cloneAsDuplicate(original: ReportMessage, messages: ReportMessage[]): ReportMessage {
  const copy: ReportMessage = { ...original, received: null, duplicate: true };
  messages.push(copy);
  return copy;
}
